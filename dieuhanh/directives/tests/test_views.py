"""The pages as officials use them: upload → review → confirm (a real .docx and a .txt),
the lists with filters, sorting and pages, the scorecard, Excel, query counts."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from dieuhanh.accounts.models import User
from dieuhanh.directives import services
from dieuhanh.directives.models import Assignment, Directive, DirectiveDraft
from dieuhanh.directives.tests.conftest import NOTICE
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}


def notice_docx() -> bytes:
    """The test notice as a Word document: one paragraph per line, the title in bold."""
    doc = Document()
    for line in NOTICE.splitlines():
        if not line.strip():
            continue
        paragraph = doc.add_paragraph()
        run = paragraph.add_run(line)
        run.bold = line.isupper()
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def coordinator_client(client: Client, users: dict[str, User]) -> Client:
    client.force_login(users["coordinator"])
    return client


def upload(client: Client, name: str, content: bytes) -> Any:
    return client.post(reverse("directives:draft_new"), {"file": SimpleUploadedFile(name, content)})


def test_pages_need_login(client: Client, assignment: Assignment) -> None:
    for url in (
        reverse("directives:index"),
        reverse("directives:list"),
        reverse("directives:scorecard"),
        reverse("directives:detail", args=[assignment.pk]),
        reverse("directives:export"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_docx_upload_review_and_confirm(
    coordinator_client: Client, unit: Callable[[str], OrgUnit]
) -> None:
    client = coordinator_client
    response = upload(client, "215-TB-UBND.docx", notice_docx())
    assert response.status_code == 302
    draft = DirectiveDraft.objects.get()
    assert response["Location"] == reverse("directives:draft", args=[draft.pk])
    assert draft.source_name == "215-TB-UBND.docx"
    assert draft.source_file.read()[:2] == b"PK"  # the uploaded file is kept as it was

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-testid="task-row"') == 6
    # Each task beside the sentence it came from, with how its lead unit was found.
    assert "Hoàn thiện việc tích hợp nền tảng thanh toán" in html
    assert 'data-method="successor"' in html  # Sở TT&TT → Sở KH&CN in August 2025
    assert 'data-flag="not_a_unit"' not in html.split('data-key="1"')[0]
    assert 'value="215/TB-UBND"' in html and 'value="12/08/2025"' in html

    # Row 6 has no lead: fix it through an HTMX row save (the row comes back alone).
    row = client.post(
        reverse("directives:draft_task", args=[draft.pk, "6"]),
        {
            "text": "Tăng cường truyền thông về thanh toán trực tuyến.",
            "lead_ids": [unit("20-SVHTTDL").pk],
            "coop_ids": [unit("20-SKHCN").pk],
            "recurring": "on",
        },
        headers=HX,
    )
    assert row.status_code == 200
    assert row.content.decode().count('data-testid="task-row"') == 1
    assert 'role="status"' in row.content.decode()  # "saved"

    # Change a deadline on row 3 with the plain form (no JavaScript).
    response = client.post(
        reverse("directives:draft_task", args=[draft.pk, "3"]),
        {
            "text": draft.tasks[2]["text"],
            "lead_ids": [unit("20-VPUBND").pk],
            "deadline": "20/12/2025",
            "deadline_text": "trước ngày 20/12/2025",
        },
    )
    assert response.status_code == 302

    # Add a task by hand, then remove task 2.
    added = client.post(reverse("directives:draft_task_add", args=[draft.pk]), headers=HX)
    assert added.status_code == 200 and 'data-key="7"' in added.content.decode()
    client.post(
        reverse("directives:draft_task", args=[draft.pk, "7"]),
        {
            "text": "Sở Nội vụ báo cáo tình hình.",
            "lead_ids": [unit("20-SNV").pk],
            "deadline": "31/12/2025",
        },
    )
    removed = client.post(reverse("directives:draft_task_remove", args=[draft.pk, "2"]), headers=HX)
    assert removed.status_code == 200 and removed.content == b""

    # Header: a summary.
    response = client.post(
        reverse("directives:draft_header", args=[draft.pk]),
        {
            "kind": "notice",
            "number": "215/TB-UBND",
            "date": "12/08/2025",
            "title": "Kết luận về thanh toán trực tuyến",
            "issuer": "UBND tỉnh Lạng Sơn",
            "signer": "Nông Văn Bình",
            "signer_title": "Chánh Văn phòng",
        },
    )
    assert response.status_code == 302

    response = client.post(reverse("directives:draft_confirm", args=[draft.pk]))
    assert response.status_code == 302
    directive = Directive.objects.get()
    assert response["Location"] == reverse("directives:directive", args=[directive.pk])
    assert directive.title == "Kết luận về thanh toán trực tuyến"
    positions = set(directive.assignments.values_list("position", flat=True))
    assert positions == {1, 2, 3, 4, 5, 6}  # six tasks after removing one, adding one
    assert directive.assignments.count() == 5 + 65
    third = directive.assignments.get(position=2)
    assert third.lead_unit == unit("20-VPUBND") and third.deadline == date(2025, 12, 20)
    last = directive.assignments.get(position=5)
    assert last.recurring and list(last.cooperating_units.all()) == [unit("20-SKHCN")]
    # The source file is downloadable from the directive.
    file = client.get(reverse("directives:directive_file", args=[directive.pk]))
    assert file.status_code == 200 and file.getvalue()[:2] == b"PK"


def test_txt_upload_review_and_confirm(
    coordinator_client: Client, unit: Callable[[str], OrgUnit]
) -> None:
    client = coordinator_client
    upload(client, "215-TB-UBND.txt", NOTICE.encode())
    draft = DirectiveDraft.objects.get()
    html = client.get(reverse("directives:draft", args=[draft.pk])).content.decode()
    # The last task names no unit: the row says so and confirming is refused.
    assert 'data-testid="row-problem"' in html
    response = client.post(reverse("directives:draft_confirm", args=[draft.pk]))
    assert response.status_code == 422
    assert 'data-testid="confirm-errors"' in response.content.decode()
    assert Directive.objects.count() == Assignment.objects.count() == 0
    client.post(
        reverse("directives:draft_task", args=[draft.pk, "6"]),
        {"text": draft.tasks[5]["text"], "lead_ids": [unit("20-SVHTTDL").pk], "recurring": "on"},
    )
    response = client.post(reverse("directives:draft_confirm", args=[draft.pk]))
    assert response.status_code == 302
    directive = Directive.objects.get()
    assert (directive.number, directive.date) == ("215/TB-UBND", date(2025, 8, 12))
    assert directive.assignments.count() == 5 + 65
    assert directive.source_name == "215-TB-UBND.txt"
    html = client.get(response["Location"]).content.decode()
    assert html.count('<td class="num">') >= 70


def test_an_unreadable_upload_says_why(coordinator_client: Client) -> None:
    response = upload(coordinator_client, "cu.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert response.status_code == 422
    assert ".docx" in response.content.decode()
    assert DirectiveDraft.objects.count() == 0


def test_enter_a_directive_by_hand(
    coordinator_client: Client, commune: OrgUnit, unit: Callable[[str], OrgUnit]
) -> None:
    client = coordinator_client
    response = client.post(reverse("directives:draft_blank"))
    draft = DirectiveDraft.objects.get()
    assert response["Location"] == reverse("directives:draft", args=[draft.pk])
    client.post(
        reverse("directives:draft_header", args=[draft.pk]),
        {"kind": "letter", "number": "1234/UBND-KT", "date": "02/09/2025", "issuer": "UBND tỉnh"},
    )
    client.post(reverse("directives:draft_task_add", args=[draft.pk]))
    client.post(
        reverse("directives:draft_task", args=[draft.pk, "1"]),
        {
            "text": "Báo cáo số liệu.",
            "lead_ids": [commune.pk, unit("20-SYT").pk],
            "deadline": "15/09/2025",
        },
    )
    response = client.post(reverse("directives:draft_confirm", args=[draft.pk]))
    assert response.status_code == 302
    directive = Directive.objects.get(number="1234/UBND-KT")
    assert directive.kind == "letter" and directive.assignments.count() == 2


def test_the_review_screen_shows_another_provinces_document(coordinator_client: Client) -> None:
    text = NOTICE.replace("TỈNH LẠNG SƠN", "TỈNH QUẢNG NGÃI").replace("Lạng Sơn,", "Quảng Ngãi,")
    upload(coordinator_client, "qn.txt", text.encode())
    draft = DirectiveDraft.objects.get()
    html = coordinator_client.get(reverse("directives:draft", args=[draft.pk])).content.decode()
    assert 'data-testid="draft-warnings"' in html and "Quảng Ngãi" in html
    assert html.count('data-flag="other_province"') >= 5


def test_only_managers_open_drafts(
    client: Client, users: dict[str, User], coordinator_client: Client
) -> None:
    upload(coordinator_client, "tb.txt", NOTICE.encode())
    draft = DirectiveDraft.objects.get()
    for role in ("reporter", "leader", "viewer"):
        client.force_login(users[role])
        assert client.get(reverse("directives:draft", args=[draft.pk])).status_code == 403
        assert client.get(reverse("directives:draft_new")).status_code == 403


# --- the assignment page -----------------------------------------------------------


def test_reporter_posts_progress_with_a_file_and_sees_it(
    client: Client, users: dict[str, User], assignment: Assignment
) -> None:
    client.force_login(users["reporter"])
    url = reverse("directives:detail", args=[assignment.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="progress-form"' in page and 'data-testid="review"' not in page
    response = client.post(
        reverse("directives:progress", args=[assignment.pk]),
        {
            "text": "Đã tập huấn cho 12 công chức.",
            "percent": "60",
            "reported_on": "15/09/2025",
            "attachments": [SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 x")],
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Đã tập huấn cho 12 công chức." in page and "bien-ban.pdf" in page
    attachment = assignment.updates.get().attachments.get()
    download = client.get(reverse("directives:attachment", args=[attachment.pk]))
    assert download.getvalue() == b"%PDF-1.4 x"


def test_progress_form_errors_are_shown(
    client: Client, users: dict[str, User], assignment: Assignment
) -> None:
    client.force_login(users["reporter"])
    response = client.post(
        reverse("directives:progress", args=[assignment.pk]),
        {"text": "Xong", "reported_on": "31/02/2025"},
    )
    assert response.status_code == 422
    assert assignment.updates.count() == 0


def test_leader_sees_the_decisions(
    client: Client, users: dict[str, User], assignment: Assignment
) -> None:
    services.progress_post(actor=None, assignment=assignment, text="Xong.", done=True)
    client.force_login(users["leader"])
    page = client.get(reverse("directives:detail", args=[assignment.pk])).content.decode()
    assert 'data-testid="review"' in page and 'value="confirm"' in page
    assert 'data-testid="progress-form"' not in page
    response = client.post(
        reverse("directives:decide", args=[assignment.pk]), {"action": "return", "note": ""}
    )
    assert response.status_code == 422  # a return needs its reason
    response = client.post(
        reverse("directives:decide", args=[assignment.pk]), {"action": "confirm", "note": "Tốt."}
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.state == "done"


# --- lists, scorecard, exports --------------------------------------------------------


@pytest.fixture
def many(
    make_directive: Callable[..., Directive], commune: OrgUnit, other_commune: OrgUnit
) -> dict[str, Any]:
    """Sixty assignments: thirty for each of two communes, in different states."""
    today = timezone.localdate()
    tasks: list[tuple[OrgUnit, date | None]] = []
    for i in range(30):
        tasks.append((commune, today + timedelta(days=i - 15)))
        tasks.append((other_commune, today + timedelta(days=i - 15)))
    directive = make_directive(tasks, on=today - timedelta(days=40))
    items = list(directive.assignments.order_by("position"))
    for a in items[:10]:  # commune & other commune alternate: 5 done each
        services.progress_post(
            actor=None,
            assignment=a,
            text="Xong.",
            reported_on=today - timedelta(days=20),
            done=True,
        )
        services.assignment_confirm(actor=None, assignment=a)
    return {"directive": directive, "items": items}


def test_list_filters_sorts_and_pages(
    client: Client, users: dict[str, User], many: dict[str, Any], commune: OrgUnit
) -> None:
    client.force_login(users["viewer"])
    url = reverse("directives:list")
    html = client.get(url).content.decode()
    assert html.count("<tr class=") == 50 and 'rel="next"' in html
    page2 = client.get(url, {"page": 2}).content.decode()
    assert page2.count("<tr class=") == 10
    mine = client.get(url, {"unit": commune.pk}).content.decode()
    assert mine.count("<tr class=") == 30
    query: dict[str, str | int] = {"status": "open_overdue", "unit": commune.pk}
    overdue = client.get(url, query).content.decode()
    expected = sum(
        1
        for a in many["items"]
        if a.lead_unit_id == commune.pk
        and a.state == "open"
        and a.deadline
        and a.deadline < timezone.localdate()
    )
    assert overdue.count('data-status="open_overdue"') == expected > 0
    today = timezone.localdate()
    window: dict[str, str] = {
        "due_from": (today - timedelta(days=2)).strftime("%d/%m/%Y"),
        "due_to": (today + timedelta(days=2)).strftime("%d/%m/%Y"),
    }
    ranged = client.get(url, window).content.decode()
    assert ranged.count("<tr class=") == 10  # five days × two communes
    by_status = client.get(url, {"sort": "status"}).content.decode()
    first = by_status.index('data-status="')
    assert by_status[first:].startswith('data-status="open_overdue"')
    bad = client.get(url, {"due_from": "hôm qua"}, follow=True)
    assert bad.status_code == 200


def test_list_answers_htmx_with_the_table_only(
    client: Client, users: dict[str, User], many: dict[str, Any]
) -> None:
    client.force_login(users["viewer"])
    response = client.get(
        reverse("directives:list"),
        {"status": "done_on_time"},
        headers={**HX, "HX-Target": "results"},
    )
    html = response.content.decode()
    assert "<html" not in html and 'data-testid="assignment-list"' in html
    assert html.count('data-status="done_on_time"') == 10


@pytest.mark.parametrize("page", ["1", "2"])
def test_list_query_count(
    client: Client,
    users: dict[str, User],
    many: dict[str, Any],
    page: str,
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(users["viewer"])
    with django_assert_max_num_queries(9):
        response = client.get(reverse("directives:list"), {"page": page, "sort": "status"})
    assert response.status_code == 200


def test_my_unit_page(
    client: Client, users: dict[str, User], many: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client.force_login(users["reporter"])
    with django_assert_max_num_queries(10):
        html = client.get(reverse("directives:index")).content.decode()
    assert html.count("data-assignment=") == 30


def test_scorecard_counts_rates_and_ranks(
    client: Client,
    users: dict[str, User],
    many: dict[str, Any],
    commune: OrgUnit,
    other_commune: OrgUnit,
    django_assert_max_num_queries: Any,
) -> None:
    # The commune finishes one more task on time; the other one finishes one late.
    early = next(
        a
        for a in many["items"]
        if a.lead_unit_id == commune.pk and a.state == "open" and a.deadline > timezone.localdate()
    )
    services.progress_post(actor=None, assignment=early, text="Sớm.", done=True)
    services.assignment_confirm(actor=None, assignment=early)
    late = next(
        a
        for a in many["items"]
        if a.lead_unit_id == other_commune.pk
        and a.state == "open"
        and a.deadline < timezone.localdate() - timedelta(days=3)
    )
    services.progress_post(actor=None, assignment=late, text="Muộn.", done=True)
    services.assignment_confirm(actor=None, assignment=late)
    client.force_login(users["leader"])
    with django_assert_max_num_queries(6):
        response = client.get(reverse("directives:scorecard"))
    rows = response.context["rows"]
    by_unit = {r.unit_id: r for r in rows}
    mine, other = by_unit[commune.pk], by_unit[other_commune.pk]
    assert (mine.assigned, mine.done_on_time, mine.done_late) == (30, 6, 0)
    assert mine.open_overdue + mine.open_in_time == 24
    assert mine.rate == 6 / (6 + mine.open_overdue)
    assert (other.done_on_time, other.done_late) == (5, 1)
    assert mine.rank == 1 and other.rank == 2
    html = response.content.decode()
    assert 'data-testid="scorecard"' in html


def test_excel_exports_open_back_with_vietnamese_headers_and_dates(
    client: Client, users: dict[str, User], many: dict[str, Any], commune: OrgUnit
) -> None:
    client.force_login(users["viewer"])
    # A task read from a document begins in lower case ("rà soát…", after "Giao Sở X").
    lower = Assignment.objects.filter(lead_unit=commune).order_by("pk").first()
    assert lower is not None
    Assignment.objects.filter(pk=lower.pk).update(text="rà soát, số hóa hồ sơ.")
    response = client.get(reverse("directives:export"), {"unit": commune.pk})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:5] == ("STT", "Văn bản", "Ngày văn bản", "Nội dung nhiệm vụ", "Đơn vị chủ trì")
    assert rows[1][-1] == "Trạng thái"
    assert len(rows) == 2 + 30
    # The task as the screens write it, capital first (QA: lower case in Excel only).
    assert "Rà soát, số hóa hồ sơ." in {r[3] for r in rows[2:]}
    first = ws.cell(row=3, column=8)  # current deadline
    assert first.is_date and first.number_format == "DD/MM/YYYY"
    statuses = {r[-1] for r in rows[2:]}
    assert "Hoàn thành đúng hạn" in statuses and statuses <= {
        "Hoàn thành đúng hạn",
        "Chưa hoàn thành quá hạn",
        "Chưa hoàn thành trong hạn",
    }

    response = client.get(reverse("directives:scorecard_export"))
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == (
        "Xếp hạng",
        "Đơn vị",
        "Được giao",
        "Hoàn thành đúng hạn",
        "Hoàn thành quá hạn",
        "Chưa hoàn thành trong hạn",
        "Chưa hoàn thành quá hạn",
        "Tỷ lệ đúng hạn",
    )
    assert {r[1] for r in rows[2:]} == {
        commune.name,
        OrgUnit.objects.get(pk=many["items"][1].lead_unit_id).name,
    }
    assert ws.cell(row=3, column=8).number_format == "0.0%"


def test_directive_pages(
    client: Client, users: dict[str, User], many: dict[str, Any], django_assert_max_num_queries: Any
) -> None:
    client.force_login(users["viewer"])
    with django_assert_max_num_queries(8):
        html = client.get(reverse("directives:directives")).content.decode()
    assert "99/TB-UBND" in html and 'data-testid="drafts"' not in html
    with django_assert_max_num_queries(8):
        html = client.get(
            reverse("directives:directive", args=[many["directive"].pk])
        ).content.decode()
    assert html.count('<tr><td class="num">') == 60


def test_a_row_with_errors_is_shown_again_with_or_without_htmx(
    coordinator_client: Client,
) -> None:
    upload(coordinator_client, "tb.txt", NOTICE.encode())
    draft = DirectiveDraft.objects.get()
    url = reverse("directives:draft_task", args=[draft.pk, "1"])
    data = {"text": "Sửa.", "deadline": "31/02/2025"}
    plain = coordinator_client.post(url, data)
    assert plain.status_code == 422
    assert "dd/mm/yyyy" in plain.content.decode() and "&lt;ul" not in plain.content.decode()
    # htmx swaps only 2xx answers: the row comes back whole, with the error in it.
    swapped = coordinator_client.post(url, data, headers=HX)
    assert swapped.status_code == 200
    assert 'role="alert"' in swapped.content.decode()
    draft.refresh_from_db()
    assert draft.tasks[0]["text"] != "Sửa."


def test_the_task_of_an_ended_unit_is_given_to_another_from_its_page(
    make_directive: Callable[..., Directive],
    coordinator_client: Client,
    users: dict[str, User],
    commune: OrgUnit,
) -> None:
    district = OrgUnit.objects.get(code="178-20250630")
    task = make_directive([(district, date(2025, 12, 31))], on=date(2025, 5, 10)).assignments.get()
    url = reverse("directives:detail", args=[task.pk])
    html = coordinator_client.get(url).content.decode()
    assert 'data-testid="lead-ended"' in html and "30/06/2025" in html
    assert 'data-testid="reassign-form"' in html
    assert "không có đơn vị kế thừa" in html  # a district has no successor: choose one
    post = reverse("directives:reassign", args=[task.pk])
    refused = coordinator_client.post(post, {"unit": commune.pk, "note": ""})
    assert refused.status_code == 422
    done = coordinator_client.post(post, {"unit": commune.pk, "note": "Huyện đã giải thể."})
    assert done.status_code == 302
    html = coordinator_client.get(url).content.decode()
    assert f"{district.name} → {commune.name}" in html and "Huyện đã giải thể." in html
    task.refresh_from_db()
    assert task.lead_unit == commune
    # A reporter (of the new unit, even) cannot give the task away.
    reporter = Client()
    reporter.force_login(users["reporter"])
    assert 'data-testid="reassign-form"' not in reporter.get(url).content.decode()
    other = OrgUnit.objects.get(code="20-STP")
    assert reporter.post(post, {"unit": other.pk, "note": "x"}).status_code == 403
    task.refresh_from_db()
    assert task.lead_unit == commune
