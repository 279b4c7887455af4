"""The assignment page's forms when the input or a rule refuses it: the page comes back
with the form as posted and its errors, answered 422, and nothing is written; accepted,
the answer is a redirect to the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.accounts.models import User
from dieuhanh.directives import services
from dieuhanh.directives.models import Assignment, Extension

pytestmark = pytest.mark.django_db


def test_an_extension_request_refused_by_the_rules_shows_the_form_again(
    client: Client, users: dict[str, User], assignment: Assignment
) -> None:
    client.force_login(users["reporter"])
    url = reverse("directives:extension", args=[assignment.pk])
    # Not a date: the form refuses it.
    response = client.post(url, {"requested_deadline": "31/02/2025", "reason": "Thiếu người."})
    assert response.status_code == 422
    assert "requested_deadline" in response.context["extension_form"].errors
    # A date before the current deadline (30/09/2025): the service refuses it.
    response = client.post(url, {"requested_deadline": "15/09/2025", "reason": "Thiếu người."})
    assert response.status_code == 422
    assert response.templates[0].name == "directives/detail.html"
    form = response.context["extension_form"]
    assert form.is_bound and "requested_deadline" in form.errors
    assert "Hãy đề nghị ngày sau thời hạn hiện tại." in response.content.decode()
    assert "Thiếu người." in response.content.decode()  # what was typed stays
    assert not Extension.objects.filter(assignment=assignment).exists()
    # The other forms of the page are fresh.
    assert not response.context["progress_form"].is_bound
    response = client.post(url, {"requested_deadline": "31/10/2025", "reason": "Thiếu người."})
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:detail", args=[assignment.pk])
    assert Extension.objects.get(assignment=assignment).requested_deadline == date(2025, 10, 31)


def test_an_extension_refused_without_a_reason_shows_the_decision_form_again(
    client: Client, users: dict[str, User], assignment: Assignment
) -> None:
    extension = services.extension_request(
        actor=None, assignment=assignment, requested_deadline=date(2025, 10, 31), reason="Mưa."
    )
    client.force_login(users["leader"])
    url = reverse("directives:extension_decide", args=[extension.pk])
    response = client.post(url, {"approve": "0", "note": ""})
    assert response.status_code == 422
    form = response.context["extension_decision_form"]
    assert form.is_bound and form.errors["note"] == ["Hãy nêu lý do không đồng ý."]
    # The reason asked for is on the page (the decision forms show every error).
    assert "Hãy nêu lý do không đồng ý." in response.content.decode()
    extension.refresh_from_db()
    assert extension.status == Extension.Status.PENDING
    # A choice that is not offered: the form refuses it.
    response = client.post(url, {"approve": "maybe"})
    assert response.status_code == 422
    assert "approve" in response.context["extension_decision_form"].errors
    response = client.post(url, {"approve": "1"})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.deadline == date(2025, 10, 31)
    # Decided already: the rule's refusal is shown on the form, not as a field error.
    response = client.post(url, {"approve": "1"})
    assert response.status_code == 422
    assert response.context["extension_decision_form"].non_field_errors()
    # An unknown request is not found.
    assert client.post(reverse("directives:extension_decide", args=[10**9])).status_code == 404
