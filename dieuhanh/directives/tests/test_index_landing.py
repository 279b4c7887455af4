"""Where the "Nhiệm vụ" menu lands: a reporter on their unit's page; a leader (whose unit is
the province), coordinator, administrator or viewer whose unit has no assignment of its
own on all assignments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from dieuhanh.accounts.models import Role, User
from dieuhanh.directives.models import Assignment, Directive
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_leader_of_the_province_lands_on_all_assignments(
    client: Client,
    make_user: Callable[..., User],
    province: OrgUnit,
    assignment: Assignment,
) -> None:
    client.force_login(make_user(Role.LEADER, province, username="lanh-dao-tinh"))
    response = client.get(reverse("directives:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:list")
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="assignment-list"' in html
    assert reverse("directives:detail", args=[assignment.pk]) in html


@pytest.mark.parametrize("role", ["admin", "coordinator", "leader", "viewer"])
def test_province_wide_roles_without_assignments_land_on_all(
    role: str, client: Client, users: dict[str, User]
) -> None:
    client.force_login(users[role])
    response = client.get(reverse("directives:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("directives:list")


def test_the_my_unit_tab_still_opens_their_unit(
    client: Client, make_user: Callable[..., User], province: OrgUnit
) -> None:
    client.force_login(make_user(Role.LEADER, province, username="lanh-dao-tinh"))
    response = client.get(reverse("directives:index"), {"mine": "1"})
    assert response.status_code == 200
    assert 'data-testid="tab-mine"' in response.content.decode()


def test_coordinator_whose_unit_leads_a_task_sees_their_unit(
    client: Client, users: dict[str, User], make_directive: Callable[..., Directive]
) -> None:
    coordinator = users["coordinator"]
    assert coordinator.unit is not None
    make_directive([(coordinator.unit, date(2025, 9, 30))])
    client.force_login(coordinator)
    response = client.get(reverse("directives:index"))
    assert response.status_code == 200
    assert 'data-testid="my-assignments"' in response.content.decode()


def test_reporter_keeps_their_unit_even_without_assignments(
    client: Client, users: dict[str, User]
) -> None:
    client.force_login(users["reporter"])
    response = client.get(reverse("directives:index"))
    assert response.status_code == 200
    assert 'data-testid="status-tiles"' in response.content.decode()


def test_reporter_with_assignments_sees_them(
    client: Client, users: dict[str, User], assignment: Assignment
) -> None:
    client.force_login(users["reporter"])
    html = client.get(reverse("directives:index")).content.decode()
    assert f'data-assignment="{assignment.pk}"' in html
