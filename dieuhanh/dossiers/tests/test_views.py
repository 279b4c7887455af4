"""The screens: overview, the 766 table and its drill-down to the dossiers behind each
number, the lists and their Excel export, the import page with its polled progress.
Query counts are bounded (no query per row)."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from dieuhanh.dossiers import jobs
from dieuhanh.dossiers.models import Dossier, ImportRun, UnitNameMapping
from dieuhanh.dossiers.tests.conftest import FILES
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_overview(
    data: None, viewer: Client, province: OrgUnit, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(25):
        response = viewer.get("/services/", {"period": "2024-Q3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="received">6<' in html
    assert "/services/766/" in html and "/services/dossiers/" in html
    # Every count of a sub-unit row opens the dossiers behind it (QA: only "late" did),
    # and each list holds as many dossiers as the number clicked.
    stp = OrgUnit.objects.get(code="20-STP")
    links = re.findall(
        rf'href="/services/dossiers/\?unit={stp.pk}&amp;period=2024-Q3&(?:amp;)?count=(\w+)">(\d+)<',
        html,
    )
    assert {count for count, _n in links} >= {"received", "resolved", "resolved_late"}
    for count, shown in links:
        listed = viewer.get(
            "/services/dossiers/", {"unit": stp.pk, "period": "2024-Q3", "count": count}
        )
        assert listed.context["page"].paginator.count == int(shown), count


def test_index766_table(
    data: None, viewer: Client, province: OrgUnit, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(25):
        response = viewer.get("/services/766/", {"period": "2024-09", "kind": "department"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sở Tư pháp" in html
    assert "không đủ dữ liệu" in html  # publication, satisfaction… have no data: never 0
    assert "band-" in html
    table = response.context["table"]
    stp = next(r for r in table.rows if r.unit.code == "20-STP")
    assert stp.rank == 1
    progress = next(g for g in stp.result.groups if g.code == "tien_do_giai_quyet")
    # 20 × (on time + in progress in time) / (resolved + in progress): 20 × (1 + 2) / (2 + 3)
    assert progress.score == 12
    # A department without dossiers has no score at all, and no rank.
    others = [r for r in table.rows if r.unit.code != "20-STP"]
    assert all(r.rank is None and r.result.total is None for r in others)


def test_index766_for_communes_and_excel(data: None, viewer: Client, province: OrgUnit) -> None:
    response = viewer.get("/services/766/", {"period": "2024-09", "kind": "commune"})
    assert response.status_code == 200
    assert any(
        r.unit.code == "05977-20250630" and r.rank == 1 for r in response.context["table"].rows
    )
    export = viewer.get("/services/766/", {"period": "2024-09", "format": "xlsx"})
    sheet = load_workbook(BytesIO(export.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "Sở Tư pháp" in names and "Tỉnh Lạng Sơn" in names


def test_a_units_766_page_links_to_the_province_and_parent_766_pages(
    data: None, viewer: Client, province: OrgUnit
) -> None:
    """QA: on /services/766/unit/<id>/ the province link was "?period=…", which reloaded
    the same unit (its id is in the path) and dropped the chosen index version."""
    commune = OrgUnit.objects.get(code="05977-20250630")
    url = f"/services/766/unit/{commune.pk}/"
    html = viewer.get(url, {"period": "2024-09", "version": "qd766-2022"}).content.decode()
    query = "?period=2024-09&amp;version=qd766-2022"
    province_link = f'href="/services/766/unit/{province.pk}/{query}"'
    parent_link = f'href="/services/766/unit/{commune.parent_id}/{query}"'
    assert province_link in html and parent_link in html
    assert '<input type="hidden" name="version" value="qd766-2022">' in html


def test_unit_breakdown_links_every_count_to_its_dossiers(
    data: None, viewer: Client, django_assert_max_num_queries: Any
) -> None:
    stp = OrgUnit.objects.get(code="20-STP")
    with django_assert_max_num_queries(20):
        response = viewer.get(f"/services/766/unit/{stp.pk}/", {"period": "2024-09"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "count=resolved_on_time" in html and "count=in_progress_overdue" in html


@pytest.mark.parametrize(
    ("count", "codes"),
    [
        ("resolved_late", {"S002"}),
        ("resolved_on_time", {"S001"}),
        ("in_progress_overdue", {"S003"}),
        ("in_progress_in_time", {"S004", "S005"}),
        ("received_online", {"S001", "S004"}),
        ("received", {"S001", "S002", "S003", "S004", "S005"}),
        ("fee_dossiers", {"S001", "S004"}),
    ],
)
def test_drill_down_lists_the_dossiers_behind_the_number(
    data: None, viewer: Client, count: str, codes: set[str], django_assert_max_num_queries: Any
) -> None:
    stp = OrgUnit.objects.get(code="20-STP")
    with django_assert_max_num_queries(12):
        response = viewer.get(
            "/services/dossiers/", {"unit": str(stp.pk), "period": "2024-09", "count": count}
        )
    assert response.status_code == 200
    assert {d.code for d in response.context["page"]} == codes


def test_drill_down_of_the_province_quarter(data: None, viewer: Client, province: OrgUnit) -> None:
    response = viewer.get(
        "/services/dossiers/",
        {"unit": str(province.pk), "period": "2024-Q4", "count": "resolved_late"},
    )
    assert {d.code for d in response.context["page"]} == {"S008"}
    response = viewer.get(
        "/services/dossiers/",
        {"unit": str(province.pk), "period": "2024-Q4", "count": "in_progress_overdue"},
    )
    assert {d.code for d in response.context["page"]} == {"S003", "S013"}


def test_list_is_paginated_and_exported(
    measures: None,
    run_import: Callable[..., ImportRun],
    viewer: Client,
    django_assert_max_num_queries: Any,
) -> None:
    header = (FILES / "dossiers.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [
        f"L{i:03d},1.002,,,2,02/09/2024 08:{i % 60:02d}:00,05/09/2024 17:00:00,"
        "06/09/2024 10:00:00,,9,20-STP,0,0,0,,"
        for i in range(120)
    ]
    run_import("\n".join([header, *rows]) + "\n")
    stp = OrgUnit.objects.get(code="20-STP")
    params = {"unit": str(stp.pk), "period": "2024-09", "count": "resolved_late"}
    with django_assert_max_num_queries(12):
        first = viewer.get("/services/dossiers/", params)
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 120
    third = viewer.get("/services/dossiers/", {**params, "page": "3"})
    assert len(third.context["page"]) == 20
    export = viewer.get("/services/dossiers/", {**params, "format": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(export.content)).active
    assert sheet.max_row == 121
    # Set up as an official would: header frozen and filterable, dates as dd/mm/yyyy hh:mm
    # date cells without stray milliseconds (QA saw "02:41:43.971"), the due date pushed
    # back by supplement waits named as such (it was "Quá hạn từ", filled for on-time rows).
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:L121"
    received = sheet.cell(2, 6)
    assert received.number_format == "dd/mm/yyyy hh:mm"
    assert received.value.microsecond == 0 and received.value.date().isoformat() == "2024-09-02"
    assert sheet.cell(1, 12).value == "Hạn sau khi cộng thời gian chờ bổ sung"


def test_search_and_detail(data: None, viewer: Client) -> None:
    response = viewer.get("/services/dossiers/", {"q": "S00"})
    assert response.context["page"].paginator.count == 9
    detail = viewer.get("/services/dossiers/S004/")
    assert detail.status_code == 200
    html = detail.content.decode()
    assert "NgayBoSung" in html and "05/10/2024 17:00" in html  # overdue only after the wait
    # Imported from a file, without a source system: the file is named (it was "—").
    assert 'data-testid="source">tệp “dossiers.csv”' in html


def test_procedure_and_feedback_lists(data: None, viewer: Client, province: OrgUnit) -> None:
    response = viewer.get(
        "/services/procedures/",
        {
            "unit": str(province.pk),
            "period": "2024-09",
            "count": "procedures_online_with_online_dossiers",
        },
    )
    assert {p.code for p in response.context["page"]} == {"1.001", "1.003"}
    stp = OrgUnit.objects.get(code="20-STP")
    response = viewer.get(
        "/services/feedback/",
        {"unit": str(stp.pk), "period": "2024-09", "count": "feedback_in_progress"},
    )
    assert {f.code for f in response.context["page"]} == {"P02", "P04", "P05"}


def test_upload_runs_as_a_job_with_polled_progress(
    measures: None, coordinator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[bool] = []
    monkeypatch.setattr(jobs, "kick", lambda: started.append(True))
    with (FILES / "dossiers.csv").open("rb") as f:
        response = coordinator.post(
            "/services/imports/", {"kind": "dossiers", "mode": "all-or-nothing", "file": f}
        )
    assert response.status_code == 302 and started
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.QUEUED and run.origin == "web"
    partial = coordinator.get(f"/services/imports/{run.pk}/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in partial.content.decode()  # polls while queued
    ran = jobs.work(drain=True, log_line=lambda _line: None)
    assert ran == 1
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and run.rows_created == 13
    done = coordinator.get(f"/services/imports/{run.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done  # finished: the polling stops
    assert 'value="100.0"' in done
    assert Dossier.objects.count() == 13


def test_failed_rows_and_unknown_names_on_the_run_page(
    measures: None, run_import: Callable[..., ImportRun], coordinator: Client
) -> None:
    header = (FILES / "dossiers.csv").read_text(encoding="utf-8").splitlines()[0]
    run = run_import(f"{header}\nU1,1,,,2,02/09/2024 08:00:00,,,,4,UBND xã Hữu Nghị,0,0,0,,\n")
    page = coordinator.get(f"/services/imports/{run.pk}/")
    html = page.content.decode()
    assert "UBND xã Hữu Nghị" in html and 'data-testid="unknown-units"' in html
    unit = OrgUnit.objects.get(code="20-STP")
    saved = coordinator.post(
        "/services/unit-names/", {"name": "UBND xã Hữu Nghị", "unit": unit.pk, "note": ""}
    )
    assert saved.status_code == 302
    assert UnitNameMapping.objects.get().unit == unit
    again = run_import(f"{header}\nU1,1,,,2,02/09/2024 08:00:00,,,,4,ubnd xã  hữu nghị,0,0,0,,\n")
    assert again.state == ImportRun.State.DONE and Dossier.objects.get().unit == unit
    errors = coordinator.get(f"/services/imports/{run.pk}/errors.xlsx")
    sheet = load_workbook(BytesIO(errors.content)).active
    assert sheet.cell(2, 2).value == "DonViXuLy"


def test_saving_a_mapping_goes_back_only_to_a_page_of_this_site(
    measures: None, coordinator: Client
) -> None:
    """QA: ``next`` was followed wherever it pointed (an open redirect)."""
    unit = OrgUnit.objects.get(code="20-STP")
    form = {"name": "UBND A", "unit": unit.pk, "note": ""}
    back = coordinator.post("/services/unit-names/", {**form, "next": "/services/imports/7/"})
    assert back["Location"] == "/services/imports/7/"
    for outside in ("https://evil.example.com/x", "//evil.example.com/x", "javascript:alert(1)"):
        response = coordinator.post("/services/unit-names/", {**form, "next": outside})
        assert response["Location"] == "/services/unit-names/", outside


def test_a_mapping_saved_over_another_says_what_it_replaced(
    measures: None, coordinator: Client
) -> None:
    """QA: a name differing only in case or spaces replaced a mapping without a word."""
    stp = OrgUnit.objects.get(code="20-STP")
    syt = OrgUnit.objects.get(code="20-SYT")
    first = coordinator.post(
        "/services/unit-names/", {"name": "Phòng Tư pháp", "unit": stp.pk}, follow=True
    )
    assert "thay cho" not in first.content.decode()
    second = coordinator.post(
        "/services/unit-names/", {"name": "  phòng tư pháp ", "unit": syt.pk}, follow=True
    )
    assert "Ánh xạ này thay cho ánh xạ “Phòng Tư pháp” → Sở Tư pháp" in second.content.decode()
    assert UnitNameMapping.objects.get().unit == syt


def test_missing_is_a_dash_not_zero(measures: None, viewer: Client) -> None:
    html = viewer.get("/services/", {"period": "2023"}).content.decode()
    assert 'data-testid="received">—<' in html
