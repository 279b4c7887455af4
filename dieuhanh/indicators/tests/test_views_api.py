"""Chỉ tiêu screens and the /api/v1 indicator endpoints: one figure, the same everywhere."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dieuhanh.accounts.models import User
from dieuhanh.indicators import services
from dieuhanh.indicators.models import DataValue, Plan
from dieuhanh.orgunits.models import OrgUnit
from dieuhanh.orgunits.selectors import valid_on_q

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(catalogue: dict[str, Any], province: OrgUnit) -> dict[str, Any]:
    """Two communes with dossier counts for 2026-01..03, and a plan with a target."""
    communes = list(
        OrgUnit.objects.filter(kind="commune")
        .filter(valid_on_q(date(2026, 1, 1)))
        .order_by("nso_code")[:2]
    )
    for month, (r1, o1, r2, o2) in {
        1: (100, 80, 50, 10),
        2: (120, 90, 40, 20),
        3: (80, 70, 30, 30),
    }.items():
        for unit, received, online in ((communes[0], r1, o1), (communes[1], r2, o2)):
            services.value_set(
                actor=None,
                measure=catalogue["received"],
                unit=unit,
                period=f"2026-{month:02d}",
                value=received,
            )
            services.value_set(
                actor=None,
                measure=catalogue["online"],
                unit=unit,
                period=f"2026-{month:02d}",
                value=online,
            )
    plan = services.plan_save(
        actor=None,
        number="01-KH/TEST",
        title="Kế hoạch thử",
        year_from=2026,
        year_to=2027,
        issuer_name="UBND tỉnh",
    )
    services.target_save(
        actor=None,
        plan=plan,
        indicator=catalogue["rate"],
        year=2027,
        comparator="gte",
        value=80,
        unit_of_measure="%",
        evidence="phấn đấu tỷ lệ hồ sơ trực tuyến đạt 80%",
    )
    return {"communes": communes, "plan": plan, **catalogue}


@pytest.fixture
def viewer(client: Client, users: dict[str, User]) -> Client:
    client.force_login(users["viewer"])
    return client


# (80+90+70+10+20+30) / (100+120+80+50+40+30) = 300 / 420
Q1_RATE = Decimal(100) * 300 / 420


def test_overview_shows_the_figure_the_api_gives(
    data: dict, viewer: Client, province: OrgUnit, django_assert_max_num_queries: Any
) -> None:
    # Constant in the number of indicators: two aggregate queries per period and frequency.
    with django_assert_max_num_queries(30):
        page = viewer.get(reverse("indicators:index"), {"period": "2026-Q1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "71,43%" in html  # 300/420, Vietnamese notation
    api = viewer.get("/api/v1/values", {"indicator": "online_rate", "period": "2026-Q1"}).json()
    assert len(api) == 1
    assert abs(Decimal(str(api[0]["value"])) - Q1_RATE) < Decimal("1e-9")
    assert api[0]["numerator"] == 300 and api[0]["denominator"] == 420
    assert api[0]["unit_id"] == province.pk


def test_api_many_units_by_many_periods_and_missing_is_null(data: dict, viewer: Client) -> None:
    a, b = data["communes"]
    rows = viewer.get(
        "/api/v1/values",
        {
            "indicator": ["online_rate", "received_total"],
            "unit": [a.pk, b.pk],
            "period": ["2026-01", "2026-Q1", "2026-04"],
        },
    ).json()
    assert len(rows) == 2 * 2 * 3
    cell = {(r["indicator"], r["unit_id"], r["period"]): r for r in rows}
    assert cell[("received_total", a.pk, "2026-Q1")]["value"] == 300
    assert cell[("received_total", b.pk, "2026-01")]["value"] == 50
    assert cell[("online_rate", a.pk, "2026-04")]["value"] is None  # nobody reported April
    assert cell[("received_total", a.pk, "2026-04")]["value"] is None


def test_api_rejects_bad_periods_and_unknown_indicators(data: dict, viewer: Client) -> None:
    response = viewer.get("/api/v1/values", {"period": "2026-13"})
    assert response.status_code == 400
    assert "2026-13" in response.json()["detail"]
    assert viewer.get("/api/v1/values", {"indicator": "khong-co"}).status_code == 404
    assert viewer.get("/api/v1/values").status_code == 200


def test_indicator_page_compares_units_and_parts_add_up(data: dict, viewer: Client) -> None:
    page = viewer.get(reverse("indicators:detail", args=["received_total"]), {"period": "2026-Q1"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="comparison"' in html
    # The two reporting communes rank first and second; their sum is the province's figure.
    assert html.index(data["communes"][0].name) < html.index(data["communes"][1].name)
    assert "420" in html


def test_comparison_downloads_as_excel_with_the_same_figures(data: dict, viewer: Client) -> None:
    from openpyxl import load_workbook

    response = viewer.get(
        reverse("indicators:export", args=["received_total"]), {"period": "2026-Q1"}
    )
    assert response.status_code == 200
    ws = load_workbook(BytesIO(response.content)).active
    rows = {row[1]: row for row in ws.iter_rows(min_row=3, values_only=True)}
    assert rows[data["communes"][0].name][2] == 300
    assert rows[data["communes"][1].name][2] == 120


def test_plan_page_and_scorecard_api(data: dict, viewer: Client) -> None:
    plan: Plan = data["plan"]
    one_year = viewer.get(f"/api/v1/plans/{plan.pk}/scorecard").json()["targets"][0]
    # One year of data gives no trend: the verdict says so instead of guessing.
    assert one_year["status"] == "insufficient_data"
    for unit in data["communes"]:
        services.value_set(
            actor=None, measure=data["received"], unit=unit, period="2025-09", value=100
        )
        services.value_set(
            actor=None, measure=data["online"], unit=unit, period="2025-09", value=50
        )
    html = viewer.get(reverse("indicators:plan", args=[plan.pk])).content.decode()
    assert "phấn đấu tỷ lệ hồ sơ trực tuyến đạt 80%" in html
    card = viewer.get(f"/api/v1/plans/{plan.pk}/scorecard").json()
    assert card["total"] == 1
    [target] = card["targets"]
    assert (target["baseline_year"], target["baseline_value"]) == (2025, 50.0)
    assert target["current_year"] == 2026
    assert abs(target["current_value"] - float(Q1_RATE)) < 1e-9
    # 50% → 71,4% in a year, 80% needed by 2027: well on the way.
    assert target["status"] == "on_track"
    assert target["explanation"]


def test_value_entry_by_coordinator_keeps_history(
    data: dict, client: Client, users: dict[str, User]
) -> None:
    client.force_login(users["coordinator"])
    unit = data["communes"][0]
    url = reverse("indicators:values")
    form = {
        "measure": data["received"].pk,
        "unit": unit.pk,
        "period": "2026-01",
        "value": "101",
        "comment": "",
    }
    response = client.post(url, form)
    assert response.status_code == 422  # a correction needs a reason
    assert DataValue.objects.get(measure=data["received"], unit=unit, period="2026-01").value == 100
    form["comment"] = "Đơn vị báo cáo bổ sung"
    response = client.post(url, form)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đơn vị báo cáo bổ sung" in page
    row = DataValue.objects.get(measure=data["received"], unit=unit, period="2026-01")
    assert row.value == 101
    assert [h.value for h in row.history.order_by("history_date")] == [100, 101]
    assert row.history.first().history_user == users["coordinator"]


@pytest.mark.parametrize("role", ["leader", "viewer"])
def test_readers_cannot_enter_values(
    role: str, data: dict, client: Client, users: dict[str, User]
) -> None:
    client.force_login(users[role])
    before = DataValue.objects.count(), DataValue.history.count()
    response = client.post(
        reverse("indicators:values"),
        {
            "measure": data["received"].pk,
            "unit": data["communes"][0].pk,
            "period": "2026-05",
            "value": "5",
        },
    )
    assert response.status_code == 403
    assert (DataValue.objects.count(), DataValue.history.count()) == before


def test_reporter_enters_only_for_own_unit(
    data: dict, users: dict[str, User], commune: OrgUnit, other_commune: OrgUnit
) -> None:
    reporter = users["reporter"]
    services.value_set(
        actor=reporter, measure=data["received"], unit=commune, period="2026-06", value=3
    )
    with pytest.raises(PermissionDenied):
        services.value_set(
            actor=reporter, measure=data["received"], unit=other_commune, period="2026-06", value=3
        )
    assert not DataValue.objects.filter(unit=other_commune, period="2026-06").exists()


def test_value_validation_in_vietnamese(
    data: dict, users: dict[str, User], commune: OrgUnit
) -> None:
    with pytest.raises(ValidationError, match="2026-Q1"):
        services.value_set(
            actor=None, measure=data["received"], unit=commune, period="2026-Q1", value=3
        )
    with pytest.raises(ValidationError):
        services.value_set(
            actor=None, measure=data["received"], unit=commune, period="2026-13", value=3
        )
    with pytest.raises(ValidationError):
        services.value_set(
            actor=None, measure=data["received"], unit=commune, period="2026-02", value="mười"
        )
    old = OrgUnit.objects.filter(kind="commune", valid_to=date(2025, 6, 30)).first()
    assert old is not None
    with pytest.raises(ValidationError):
        services.value_set(
            actor=None, measure=data["received"], unit=old, period="2026-02", value=1
        )


def test_target_with_another_unit_of_measure_is_refused(data: dict) -> None:
    with pytest.raises(ValidationError, match="hồ sơ"):
        services.target_save(
            actor=None,
            plan=data["plan"],
            indicator=data["count"],
            year=2026,
            comparator="gte",
            value=85,
            unit_of_measure="%",
        )


def test_value_form_reads_vietnamese_numbers(
    data: dict, client: Client, users: dict[str, User]
) -> None:
    client.force_login(users["coordinator"])
    unit = data["communes"][0]
    form = {"measure": data["received"].pk, "unit": unit.pk, "period": "2026-07", "value": "1.234"}
    assert client.post(reverse("indicators:values"), form).status_code == 302
    assert DataValue.objects.get(unit=unit, period="2026-07").value == 1234
    form |= {"period": "2026-08", "value": "12,5 hồ sơ"}
    response = client.post(reverse("indicators:values"), form)
    assert response.status_code == 422
    assert not DataValue.objects.filter(unit=unit, period="2026-08").exists()


def test_interface_is_vietnamese_whatever_the_browser_asks(data: dict, viewer: Client) -> None:
    page = viewer.get(reverse("indicators:index"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in page.content.decode()
    viewer.cookies["django_language"] = "en"
    assert 'lang="en"' in viewer.get(reverse("indicators:index")).content.decode()


def test_plan_page_explains_its_verdicts_in_the_interfaces_language(
    data: dict, viewer: Client
) -> None:
    """The English interface used to show the scorecard sentence and every verdict's
    explanation in Vietnamese (the core wrote only the reports' wording)."""
    plan: Plan = data["plan"]
    url = reverse("indicators:plan", args=[plan.pk])
    vietnamese = viewer.get(url).content.decode()
    assert "Đạt 0/1 chỉ tiêu (0,00%); 1 chỉ tiêu chưa đạt" in vietnamese
    assert "Thiếu số liệu năm gốc" in vietnamese
    viewer.cookies["django_language"] = "en"
    english = viewer.get(url).content.decode()
    assert "Met 0/1 targets (0,00%); 1 not met" in english
    assert "No baseline figure" in english
    assert "Thiếu số liệu" not in english and "chỉ tiêu chưa đạt" not in english


def test_value_entry_refuses_what_cannot_be_a_figure(
    data: dict, client: Client, users: dict[str, User]
) -> None:
    """QA: a reporter's entry accepted a negative count, a rate over 100 %, a period that
    has not begun (2030-01, which then topped every period picker), and a period code in
    lower case stored as typed beside the real one ("2026-q3" and "2026-Q3"), never read."""
    client.force_login(users["coordinator"])
    unit = data["communes"][0]
    url = reverse("indicators:values")
    base = {"measure": data["received"].pk, "unit": unit.pk, "comment": "Sửa"}
    today = timezone.localdate()
    future = f"{today.year + 1}-01"
    for period, value, field in (
        ("2026-02", "-5", "value"),
        (future, "10", "period"),
    ):
        response = client.post(url, {**base, "period": period, "value": value})
        assert response.status_code == 422, (period, value)
        assert field in response.context["form"].errors
    assert not DataValue.objects.filter(value__lt=0).exists()
    assert not DataValue.objects.filter(period=future).exists()
    # A period in lower case is the same period: it corrects the stored value.
    from dieuhanh.indicators.models import Measure

    quarterly = Measure.objects.create(
        code="quy-thu", name="Số liệu quý thử", unit_of_measure="hồ sơ", frequency="quarter"
    )
    base["measure"] = quarterly.pk
    assert client.post(url, {**base, "period": "2026-Q1", "value": "7"}).status_code == 302
    assert client.post(url, {**base, "period": "2026-q1", "value": "8"}).status_code == 302
    stored = DataValue.objects.filter(measure=quarterly, unit=unit)
    assert [(v.period, v.value) for v in stored] == [("2026-Q1", 8)]


def test_a_percentage_over_100_is_refused(data: dict, users: dict[str, User]) -> None:
    from dieuhanh.indicators.models import Measure

    rate = Measure.objects.create(code="ty-le-thu", name="Tỷ lệ thử", unit_of_measure="%")
    unit = data["communes"][0]
    with pytest.raises(ValidationError):
        services.value_set(actor=None, measure=rate, unit=unit, period="2026-01", value=150)
    services.value_set(actor=None, measure=rate, unit=unit, period="2026-01", value=100)


def test_a_correction_of_a_value_written_in_bulk_keeps_the_value_before_it(
    data: dict, users: dict[str, User]
) -> None:
    """QA: values written in bulk (the demo, the dossier counts) have no history record,
    so after a correction the history showed only the new value."""
    unit = data["communes"][0]
    measure = data["received"]
    DataValue.objects.bulk_create(
        [DataValue(measure=measure, unit=unit, period="2025-12", value=145)]
    )
    services.value_set(
        actor=users["coordinator"],
        measure=measure,
        unit=unit,
        period="2025-12",
        value=1000,
        comment="Sửa theo báo cáo rà soát",
    )
    row = DataValue.objects.get(measure=measure, unit=unit, period="2025-12")
    assert [h.value for h in row.history.order_by("history_date")] == [145, 1000]


def test_the_value_entry_unit_list_tells_same_named_units_apart(
    data: dict, client: Client, users: dict[str, User]
) -> None:
    """QA: 292 names in one list, "Phường Đông Kinh" twice, "Xã Chi Lăng" three times,
    with nothing to tell the unit before 1/7/2025 from the one after."""
    old = OrgUnit.objects.filter(valid_to__isnull=False, kind="commune").first()
    new = OrgUnit.objects.filter(valid_from__isnull=False, kind="commune").first()
    assert old is not None and new is not None
    client.force_login(users["coordinator"])
    html = client.get(reverse("indicators:values")).content.decode()
    assert f">{old.name} (đến {old.valid_to:%d/%m/%Y})</option>" in html
    assert f">{new.name} (từ {new.valid_from:%d/%m/%Y})</option>" in html


def test_a_unit_that_ended_during_the_period_says_what_its_figure_covers(
    data: dict, viewer: Client
) -> None:
    """QA: Thành phố Lạng Sơn (ended 30/06/2025) showed 1.016 accounts for "9 tháng đầu năm
    2025" — its January–June — with nothing to say so."""
    from dieuhanh.indicators.models import Indicator

    indicator = Indicator.objects.first()
    assert indicator is not None
    district = OrgUnit.objects.get(code="178-20250630")
    url = reverse("indicators:detail", args=[indicator.code])
    html = viewer.get(url, {"unit": str(district.pk), "period": "2025-9M"}).content.decode()
    assert "kết thúc ngày 30/06/2025: số liệu của đơn vị tính đến ngày đó" in html
    html = viewer.get(url, {"unit": str(district.pk), "period": "2024"}).content.decode()
    assert 'data-testid="lifetime-note"' not in html
    new = OrgUnit.objects.filter(valid_from=date(2025, 7, 1)).first()
    assert new is not None
    html = viewer.get(url, {"unit": str(new.pk), "period": "2025"}).content.decode()
    assert "bắt đầu từ ngày 01/07/2025" in html
