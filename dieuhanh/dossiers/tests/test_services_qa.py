"""QA defects of the public-services screens: filters that cannot be understood are
refused (never silently dropped), the export cap is said, counts are written the
Vietnamese way, the dossier fields and the 766 versions have human labels, the province
row of the 766 says "tạm tính", the import page offers a template per kind of file, and
the demo catalogue's names are Vietnamese."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from dieuhanh.core import index766 as idx
from dieuhanh.dossiers import demo, selectors, views
from dieuhanh.dossiers.importing import DOSSIER_SPEC, FEEDBACK_SPEC, PROCEDURE_SPEC
from dieuhanh.dossiers.models import Dossier, ImportRun
from dieuhanh.dossiers.templatetags.dossiers_tags import version_label
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------ 1. filters understood


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"from": "32/13/2025"}, "from", "“32/13/2025” không phải là ngày hợp lệ (dd/mm/yyyy)."),
        ({"to": "hôm qua"}, "to", "“hôm qua” không phải là ngày hợp lệ (dd/mm/yyyy)."),
        ({"status": "99"}, "status", "Không có trạng thái “99”."),
        ({"status": "abc"}, "status", "Không có trạng thái “abc”."),
        ({"period": "2024-13"}, "period", "Không rõ kỳ “2024-13”."),
        ({"unit": "abc"}, "unit", "Không có đơn vị “abc”."),
        ({"count": "no_such_count"}, "count", None),
        ({"from": "10/09/2024", "to": "01/09/2024"}, "to", None),
        # QA: the figure was dropped without a period (every dossier listed under the
        # title "Số hồ sơ đang giải quyết quá hạn"), and dates beside a period ignored.
        ({"count": "in_progress_overdue"}, "count", "Con số này cần một kỳ: hãy chọn kỳ."),
        ({"count": "resolved_late", "from": "01/09/2024"}, "count", None),
    ],
)
def test_a_filter_that_cannot_be_understood_is_refused_not_dropped(
    data: None, viewer: Client, params: dict[str, str], field: str, message: str | None
) -> None:
    response = viewer.get("/services/dossiers/", params)
    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-testid="filter-errors"' in html
    assert field in response.context["form"].errors
    if message:
        assert message in html
    # No list at all rather than every dossier with the filter silently ignored.
    assert response.context["page"].paginator.count == 0
    assert 'data-testid="export"' not in html
    # Nor an export of everything.
    export = viewer.get("/services/dossiers/", {**params, "format": "xlsx"})
    assert export.status_code == 422
    assert not export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_bad_date_is_shown_beside_its_field(data: None, viewer: Client) -> None:
    html = viewer.get("/services/dossiers/", {"from": "32/13/2025"}).content.decode()
    assert 'data-testid="error-from"' in html
    assert 'value="32/13/2025"' in html  # kept in the box, to correct


def test_valid_dates_and_status_still_filter(data: None, viewer: Client) -> None:
    everything = viewer.get("/services/dossiers/").context["page"].paginator.count
    response = viewer.get(
        "/services/dossiers/", {"from": "01/09/2024", "to": "30/09/2024", "status": "9"}
    )
    assert response.status_code == 200
    assert 'data-testid="filter-errors"' not in response.content.decode()
    expected = {
        d.code
        for d in Dossier.objects.filter(status=9)
        if d.received_at and (d.received_at.year, d.received_at.month) == (2024, 9)
    }
    assert {d.code for d in response.context["page"]} == expected
    assert 0 < len(expected) < everything


def test_dates_beside_a_period_narrow_it_and_a_single_date_filters(
    data: None, viewer: Client
) -> None:
    """QA: ``period=…&from=…`` ignored ``from``, and a lone ``from`` was ignored too."""

    def codes(params: dict[str, str]) -> set[str]:
        response = viewer.get("/services/dossiers/", params)
        assert response.status_code == 200
        return {d.code for d in response.context["page"].object_list}

    def received(d: Dossier) -> tuple[int, int, int]:
        assert d.received_at is not None
        local = timezone.localtime(d.received_at)
        return (local.year, local.month, local.day)

    # Dossiers not yet received (status 1–3: no NgayTiepNhan) have no day of receipt.
    dossiers = list(Dossier.objects.filter(received_at__isnull=False))
    in_2024 = codes({"period": "2024"})
    narrowed = codes({"period": "2024", "from": "10/09/2024"})
    assert narrowed == {d.code for d in dossiers if (2024, 9, 10) <= received(d) <= (2024, 12, 31)}
    assert narrowed < in_2024
    since = codes({"from": "10/09/2024"})
    assert since == {d.code for d in dossiers if received(d) >= (2024, 9, 10)}
    assert since < codes({})


def test_procedure_and_feedback_lists_refuse_a_bad_period(data: None, viewer: Client) -> None:
    for url in ("/services/procedures/", "/services/feedback/"):
        response = viewer.get(url, {"period": "2024-Q5"})
        assert response.status_code == 422, url
        assert "Không rõ kỳ “2024-Q5”." in response.content.decode()
        assert response.context["page"].paginator.count == 0


# --------------------------------------------------------------- 2. the export cap


def test_an_export_over_the_cap_is_refused_with_the_numbers(
    data: None, viewer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    total = Dossier.objects.count()
    assert total == 13
    monkeypatch.setattr(views, "EXPORT_LIMIT", total - 1)
    response = viewer.get("/services/dossiers/", {"q": "S0", "format": "xlsx"})
    assert response.status_code == 302
    assert "format" not in response["Location"] and "q=S0" in response["Location"]
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert len(said) == 1 and "13" in said[0] and "12" in said[0]
    page = viewer.get(response["Location"])
    assert page.status_code == 200 and "msg-error" in page.content.decode()


def test_an_export_within_the_cap_is_whole_with_human_headers(
    data: None, viewer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "EXPORT_LIMIT", 13)
    response = viewer.get("/services/dossiers/", {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert len(body) == 13
    assert header[:9] == (
        "Mã hồ sơ (MaHoSo)",
        "Mã thủ tục (MaTTHC)",
        "Thủ tục (TenTTHC)",
        "Kênh (KenhThucHien)",
        "Trạng thái (TrangThaiHoSo)",
        "Ngày tiếp nhận (NgayTiepNhan)",
        "Ngày hẹn trả (NgayHenTra)",
        "Ngày kết thúc xử lý (NgayKetThucXuLy)",
        "Ngày trả kết quả (NgayTra)",
    )
    s001 = next(r for r in body if r[0] == "S001")
    assert s001[3] == "Trực tuyến"  # channel 2
    assert s001[4] == "10. Đã trả kết quả"
    assert {r[3] for r in body} <= {"Trực tiếp", "Trực tuyến", "Bưu chính công ích"}


# ------------------------------------------------------- 3. thousands separators


class _Many:
    """A stand-in for a large queryset: only its size matters to the page."""

    def __init__(self, n: int) -> None:
        self.n = n

    def count(self) -> int:
        return self.n

    def none(self) -> _Many:
        return _Many(0)

    def __getitem__(self, key: slice) -> list[Any]:
        return []


def test_counts_are_written_with_thousands_separators(
    measures: None, viewer: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "dossier_list", lambda f: _Many(624_492))
    monkeypatch.setattr(selectors, "procedure_list", lambda **kw: (_Many(1_690), {}))
    monkeypatch.setattr(selectors, "feedback_list", lambda **kw: _Many(1_395))

    html = viewer.get("/services/dossiers/").content.decode()
    total = re.search(r'data-testid="total">([^<]*)<', html)
    assert total is not None and total.group(1).strip() == "624.492 hồ sơ"
    # QA: the search listed 98.591 dossiers for the province's 2025 where the card said
    # 98.550 received, without a word: dossiers never received are in the list.
    assert 'data-testid="total-note">(kể cả hồ sơ chưa hoặc không được tiếp nhận' in html
    pages = re.search(r'data-testid="page-of">([^<]*)<', html)
    assert pages is not None and pages.group(1) == "Trang 1/12.490"

    html = viewer.get("/services/procedures/").content.decode()
    assert 'data-testid="total">1.690 thủ tục<' in html
    html = viewer.get("/services/feedback/").content.decode()
    assert 'data-testid="total">1.395 phản ánh, kiến nghị<' in html


# ------------------------------------------------------ 4. dossier detail labels


def test_dossier_detail_labels_are_words_with_the_portal_name(data: None, viewer: Client) -> None:
    html = viewer.get("/services/dossiers/S004/").content.decode()
    for raw in ("NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra"):
        assert f"<dt>{raw}</dt>" not in html
        label = re.search(rf'data-testid="label-{raw}">([^<]*)<', html)
        assert label is not None and label.group(1).endswith(f"({raw})")
        assert label.group(1).startswith("Ngày ")
    assert "Ngày yêu cầu bổ sung (NgayBoSung)" in html


# --------------------------------------------------------------------- 5. the 766


def test_index766_names_its_versions_and_marks_the_province_provisional(
    data: None, viewer: Client, province: OrgUnit
) -> None:
    response = viewer.get("/services/766/", {"period": "2024-09", "kind": "department"})
    assert response.status_code == 200
    html = response.content.decode()
    table = response.context["table"]
    for config in idx.available_versions():
        assert f">{config.version}<" not in html  # no raw code as a visible name
        assert f'value="{config.version}"' in html  # still the value sent
    assert table.config.title_vi in html
    total = table.total
    assert total.band is not None and not total.result.complete
    cell = re.search(r'data-testid="total-band">(.*?)</th>', html, re.S)
    assert cell is not None and "tạm tính" in cell.group(1)
    # The Excel says it too, for the province as for the units.
    export = viewer.get(
        "/services/766/", {"period": "2024-09", "kind": "department", "format": "xlsx"}
    )
    sheet = load_workbook(BytesIO(export.content)).active
    assert table.config.title_vi in sheet["A1"].value
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert last[1] == province.name and "tạm tính" in str(last[-1])


def test_version_label_is_the_name_and_date_never_the_code() -> None:
    for config in idx.available_versions():
        label = version_label(config)
        assert config.version not in label
        assert f"{config.valid_from:%d/%m/%Y}" in label
        assert len(label) < 120
    long = replace(idx.available_versions()[0], title_vi="Bộ chỉ số " + "rất dài " * 30)
    assert version_label(long).count("…") == 1


# ------------------------------------------------------------ 6. import templates


@pytest.mark.parametrize(
    ("kind", "spec"),
    [("dossiers", DOSSIER_SPEC), ("procedures", PROCEDURE_SPEC), ("feedback", FEEDBACK_SPEC)],
)
def test_import_template_per_kind(coordinator: Client, kind: str, spec: Any) -> None:
    page = coordinator.get("/services/imports/").content.decode()
    assert f'data-testid="template-{kind}"' in page
    response = coordinator.get("/services/imports/", {"template": kind})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"mau-{kind}.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert text.lstrip("\ufeff").splitlines() == [",".join(spec.columns)]
    for column in spec.required:
        assert f"<strong>{column}</strong>" in page


def test_a_filled_in_template_imports(
    measures: None, coordinator: Client, run_import: Callable[..., ImportRun]
) -> None:
    header = coordinator.get("/services/imports/", {"template": "dossiers"}).content.decode()
    row = "T1,1.002,,,2,02/09/2024 08:00:00,05/09/2024 17:00:00,,,4,20-STP,0,0,0,,"
    run = run_import(header.lstrip("\ufeff") + row + "\r\n")
    assert run.state == ImportRun.State.DONE and Dossier.objects.get().code == "T1"


def test_import_template_of_an_unknown_kind_and_without_permission(
    coordinator: Client, viewer: Client
) -> None:
    assert coordinator.get("/services/imports/", {"template": "x"}).status_code == 404
    assert viewer.get("/services/imports/", {"template": "dossiers"}).status_code == 403


# ------------------------------------------------------------ 7. demo catalogue


def test_demo_catalogue_names_are_vietnamese() -> None:
    names = [p.name for p in demo._catalogue()]
    generated = [n for n in names if "(mẫu " in n]
    assert generated
    for word in ("province", "district", "commune"):
        assert not [n for n in names if word in n], word
    assert any("(mẫu cấp huyện " in n for n in generated)
    assert any("(mẫu cấp xã " in n for n in generated)
    assert any("(mẫu cấp tỉnh " in n for n in generated)


def test_the_766_ranking_lists_only_units_alive_at_the_periods_end(
    data: None, viewer: Client
) -> None:
    """QA: for 2025 the districts (ended 30/06/2025) were ranked on January–June under the
    heading "năm 2025", beside the province's whole year; every other comparison lists the
    units alive at the period's end."""
    before = viewer.get("/services/766/", {"period": "2024-09", "kind": "district"})
    assert before.context["table"].rows
    after = viewer.get("/services/766/", {"period": "2025", "kind": "district"})
    assert after.status_code == 200 and after.context["table"].rows == []
    assert "cấp huyện kết thúc ngày 30/06/2025" in after.content.decode()
    merged = viewer.get("/services/766/", {"period": "2025", "kind": "department"})
    names = {row.unit.name for row in merged.context["table"].rows}
    assert "Sở Thông tin và Truyền thông" not in names  # merged on 01/03/2025
    assert "Sở Khoa học và Công nghệ" in names


def test_a_communes_reporter_opens_on_their_commune(
    data: None, make_user: Callable[..., Any], province: OrgUnit
) -> None:
    """QA: a commune's reporter opened Dịch vụ công (and the operations centre) on the
    whole province; their own unit comes first, the province one click away."""
    commune = OrgUnit.objects.get(code="05977-20250630")
    client = Client()
    client.force_login(make_user("reporter", unit=commune))
    for url in ("/services/", "/ioc/"):
        assert client.get(url, {"period": "2024-09"}).context["scope"].unit == commune, url
        asked = client.get(url, {"period": "2024-09", "unit": str(province.pk)})
        assert asked.context["scope"].unit == province, url
    viewer = Client()
    viewer.force_login(make_user("viewer", unit=commune))
    assert viewer.get("/services/", {"period": "2024-09"}).context["scope"].unit == province


def test_count_titles_are_the_cores_names_in_vietnamese_and_english_in_english(
    data: None, viewer: Client
) -> None:
    """The drill-down lists' headings were the core's Vietnamese names in the English
    interface too. Their English msgids translate to exactly the core's names."""
    from django.utils import translation

    from dieuhanh.dossiers.labels import CORE_NAMES, COUNT_TITLES, count_title

    with translation.override("vi"):
        assert {k: str(v) for k, v in COUNT_TITLES.items()} == {
            k: CORE_NAMES[k] for k in COUNT_TITLES
        }
    with translation.override("en"):
        assert count_title("resolved_late") == "Number of dossiers resolved late"
        assert count_title("satisfaction_score") == CORE_NAMES["satisfaction_score"]
    params = {"period": "2024-09", "count": "resolved_late"}
    assert (
        "<h1>Số hồ sơ giải quyết quá hạn</h1>"
        in viewer.get("/services/dossiers/", params).content.decode()
    )
    viewer.cookies["django_language"] = "en"
    english = viewer.get("/services/dossiers/", params).content.decode()
    assert "<h1>Number of dossiers resolved late</h1>" in english
    feedback = viewer.get(
        "/services/feedback/", {"period": "2024-09", "count": "feedback_received"}
    )
    assert "<h1>Number of feedback items received</h1>" in feedback.content.decode()


def test_the_import_pages_date_forms_are_in_the_interfaces_language(
    make_user: Callable[..., Any],
) -> None:
    client = Client()
    client.force_login(make_user("coordinator"))
    assert "(ISO 8601) hoặc yyyymmddhhmmss" in client.get("/services/imports/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/services/imports/").content.decode()
    assert "(ISO 8601) or yyyymmddhhmmss" in english and "hoặc yyyymmdd" not in english
