"""``dieuhanh assignments remind``: e-mails and in-app reminders, once per assignment, kind
and day, whatever the number of runs."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.directives import services
from dieuhanh.directives.models import Directive, Reminder
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def remind(*args: str) -> str:
    out = io.StringIO()
    call_command("assignments", "remind", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def setup(
    make_directive: Callable[..., Directive],
    commune: OrgUnit,
    other_commune: OrgUnit,
    users: dict[str, User],
) -> Directive:
    today = timezone.localdate()
    commune.email = "vp@dongkinh.example.vn"
    commune.save()
    users["reporter"].email = "lan@dongkinh.example.vn"
    users["reporter"].save()
    directive = make_directive(
        [
            (commune, today + timedelta(days=2)),  # due soon
            (commune, today - timedelta(days=5)),  # overdue
            (commune, today + timedelta(days=20)),  # not yet
            (commune, None),  # regular task
            (other_commune, today - timedelta(days=1)),  # overdue, no address
            (commune, today - timedelta(days=3)),  # reported done: left alone
            (commune, today + timedelta(days=1)),  # paused: left alone
        ],
        on=today - timedelta(days=30),
    )
    items = list(directive.assignments.order_by("position"))
    services.progress_post(actor=None, assignment=items[5], text="Xong.", done=True)
    services.assignment_pause(actor=None, assignment=items[6], note="Chờ.")
    return directive


def test_reminders_are_sent_once_a_day(setup: Directive, commune: OrgUnit) -> None:
    out = remind()
    assert Reminder.objects.count() == 3
    kinds = dict(Reminder.objects.values_list("assignment__position", "kind"))
    assert kinds == {1: "due_soon", 2: "overdue", 5: "overdue"}
    (message,) = mail.outbox  # one e-mail per unit that has an address
    assert sorted(message.to) == ["lan@dongkinh.example.vn", "vp@dongkinh.example.vn"]
    assert commune.name in message.subject
    assert "99/TB-UBND" in message.body
    assert "chưa có địa chỉ thư điện tử" in out  # the other commune: in the app only
    assert "3 lời nhắc" in out

    again = remind()
    assert Reminder.objects.count() == 3 and len(mail.outbox) == 1
    assert "0 lời nhắc" in again and "3 đã nhắc trong ngày" in again


def test_dry_run_sends_and_writes_nothing(setup: Directive) -> None:
    out = remind("--dry-run")
    assert "[thử]" in out and "3 lời nhắc" in out
    assert Reminder.objects.count() == 0 and mail.outbox == []


def test_days_widens_the_window(setup: Directive) -> None:
    remind("--days", "30")
    assert Reminder.objects.filter(kind="due_soon").count() == 2
    with pytest.raises(CommandError):
        remind("--days", "-1")


def test_reminders_show_in_the_app(
    setup: Directive, client: Client, users: dict[str, User]
) -> None:
    remind()
    client.force_login(users["reporter"])
    html = client.get(reverse("directives:index")).content.decode()
    assert 'data-testid="reminders"' in html
    assert html.count("<li>") >= 2


def test_a_failing_mail_server_keeps_nothing_for_that_unit(
    setup: Directive, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("connection refused")

    monkeypatch.setattr("dieuhanh.directives.services.send_mail", broken)
    with pytest.raises(CommandError):
        remind()
    # The unit whose mail failed keeps no reminder (it will be retried); the other
    # unit, with no address, is reminded in the app.
    assert list(Reminder.objects.values_list("assignment__position", flat=True)) == [5]
