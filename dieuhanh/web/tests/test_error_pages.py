"""Error pages keep the site's layout (404, 403) or stand alone (500), and /favicon.ico
does not 404."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views import defaults

from dieuhanh.accounts.models import User

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_unknown_url_is_a_404_in_the_site_layout(client: Client, users: dict[str, User]) -> None:
    client.force_login(users["viewer"])
    response = client.get("/khong-co-trang-nay/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'data-testid="error-404"' in html
    assert 'class="mainnav"' in html  # the navigation of base.html
    assert f'href="{reverse("web:home")}"' in html
    assert "Not Found" not in html  # not Django's bare page


@override_settings(DEBUG=False)
def test_404_for_an_anonymous_visitor_renders_too(client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert 'data-testid="error-404"' in response.content.decode()


@override_settings(DEBUG=False)
def test_forbidden_is_a_403_in_the_site_layout(client: Client, users: dict[str, User]) -> None:
    client.force_login(users["viewer"])
    response = client.get(reverse("directives:draft_new"))
    html = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="error-403"' in html
    assert 'class="mainnav"' in html
    assert "403 Forbidden" not in html


def test_500_page_needs_no_database_nor_request_context(
    django_assert_num_queries: Any,
) -> None:
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = defaults.server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert 'data-testid="error-500"' in html
    assert 'href="/"' in html


def test_favicon_ico_points_at_the_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("web/favicon.svg")
    assert finders.find("web/favicon.svg")


def test_pages_link_the_icon(client: Client, users: dict[str, User]) -> None:
    client.force_login(users["viewer"])
    html = client.get(reverse("indicators:index")).content.decode()
    assert 'rel="icon"' in html
