"""The push API: a token per source system limited to its units, the file import's checks
and idempotency, 4xx with row errors for bad input; and the counts read back."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from dieuhanh.dossiers import services
from dieuhanh.dossiers.models import ApiToken, Dossier, ImportRun, SourceSystem
from dieuhanh.dossiers.tests.conftest import FILES, unit
from dieuhanh.indicators.models import DataValue
from dieuhanh.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
URL = "/api/v1/dossiers"


@pytest.fixture
def token(db: Any, stp: OrgUnit) -> str:
    system = services.source_system_save(actor=None, code="motcua", name="Một cửa")
    _token, secret = services.api_token_create(
        actor=None, source_system=system, name="Sở Tư pháp", units=[stp]
    )
    return secret


def records() -> list[dict[str, Any]]:
    return [
        r
        for r in json.loads((FILES / "dossiers.json").read_text())
        if r["DonViXuLy"] in ("20-STP", "Sở Tư pháp")
    ]


def push(client: Client, secret: str, body: dict[str, Any], url: str = URL) -> Any:
    return client.post(
        url,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )


def test_push_stores_counts_and_is_idempotent(client: Client, token: str, measures: None) -> None:
    body = {"dossiers": records()}
    first = push(client, token, body)
    assert first.status_code == 200, first.content
    data = first.json()
    assert (data["created"], data["rejected"], data["state"]) == (11, 0, "done")
    assert data["values_recomputed"] > 0
    assert Dossier.objects.count() == 11
    assert Dossier.objects.first().source_system.code == "motcua"  # type: ignore[union-attr]
    values = list(DataValue.objects.order_by("pk").values_list("pk", "value"))
    again = push(client, token, body).json()
    assert (again["created"], again["updated"], again["unchanged"], again["values_recomputed"]) == (
        0,
        0,
        11,
        0,
    )
    assert list(DataValue.objects.order_by("pk").values_list("pk", "value")) == values
    assert ImportRun.objects.filter(origin="api").count() == 2


def test_bad_records_give_422_with_every_error_and_store_nothing(
    client: Client, token: str, measures: None
) -> None:
    rows = records()
    rows[1]["NgayKetThucXuLy"] = "2024-09-01T08:00:00"  # before NgayTiepNhan
    rows[3]["TrangThaiHoSo"] = 12
    response = push(client, token, {"dossiers": rows})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert {(e["record"], e["field"], e["code"]) for e in errors} == {
        (2, "NgayKetThucXuLy", "ended_before_received"),
        (4, "TrangThaiHoSo", "unknown_status"),
    }
    assert Dossier.objects.count() == 0


def test_a_nested_value_is_a_row_error_and_the_message_speaks_to_a_system(
    client: Client, token: str, measures: None
) -> None:
    """QA: an object given as MaTTHC was stored as its Python text; and a rejected push
    told the source system to "import the file again"."""
    rows = records()
    rows[2]["MaTTHC"] = {"code": "1.001"}
    response = push(client, token, {"dossiers": rows})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert (error["record"], error["field"], error["code"]) == (3, "MaTTHC", "bad_value")
    message = response.json()["message"]
    assert "bản ghi" in message and "gửi lại" in message and "tệp" not in message
    assert Dossier.objects.count() == 0


def test_skip_bad_rows_stores_the_others(client: Client, token: str, measures: None) -> None:
    rows = records()
    rows[0]["NgayTiepNhan"] = "không rõ"
    response = push(client, token, {"dossiers": rows, "mode": "skip-bad-rows"})
    assert response.status_code == 200
    assert response.json()["rejected"] == 1
    assert Dossier.objects.count() == 10


def test_a_token_is_limited_to_its_units(client: Client, token: str, measures: None) -> None:
    rows = records()
    rows[0]["DonViXuLy"] = "20-SYT"  # another department
    response = push(client, token, {"dossiers": rows})
    assert response.status_code == 403
    [error] = response.json()["errors"]
    assert (error["record"], error["code"]) == (1, "out_of_scope")
    assert Dossier.objects.count() == 0
    # In skip-bad-rows mode the record is refused, the others stored.
    response = push(client, token, {"dossiers": rows, "mode": "skip-bad-rows"})
    assert response.status_code == 200 and response.json()["rejected"] == 1
    assert not Dossier.objects.filter(unit__code="20-SYT").exists()


def test_a_token_cannot_take_over_another_units_dossier(
    client: Client, token: str, measures: None
) -> None:
    """QA found that a token could re-send another unit's dossier under its own unit: the
    check looked only at the incoming row's unit, so the dossier moved (and left its
    unit's figures). A stored record outside the token's units is now refused."""
    health = unit("20-SYT")
    system = services.source_system_save(actor=None, code="syt", name="Sở Y tế")
    _t, other = services.api_token_create(
        actor=None, source_system=system, name="SYT", units=[health]
    )
    [mine] = records()[:1]
    assert push(client, token, {"dossiers": [mine]}).status_code == 200
    before = Dossier.objects.values_list("unit__code", "source_system__code", "row_hash").get()
    takeover = {**mine, "DonViXuLy": "20-SYT"}
    response = push(client, other, {"dossiers": [takeover]})
    assert response.status_code == 403
    [error] = response.json()["errors"]
    assert (error["record"], error["field"], error["code"]) == (1, "MaHoSo", "out_of_scope")
    assert "Sở Tư pháp" in error["message"]
    response = push(client, other, {"dossiers": [takeover], "mode": "skip-bad-rows"})
    assert response.status_code == 200 and response.json()["rejected"] == 1
    after = Dossier.objects.values_list("unit__code", "source_system__code", "row_hash").get()
    assert after == before == ("20-STP", "motcua", before[2])
    # The token of the dossier's own unit may still update it.
    assert push(client, token, {"dossiers": [{**mine, "TrangThaiHoSo": 4}]}).status_code == 200


def test_a_token_covers_the_units_below_its_unit(client: Client, measures: None) -> None:
    district = unit("178-20250630")
    system = services.source_system_save(actor=None, code="tp", name="TP Lạng Sơn")
    _t, secret = services.api_token_create(
        actor=None, source_system=system, name="TP", units=[district]
    )
    row = {
        "MaHoSo": "W1",
        "MaTTHC": "1",
        "KenhThucHien": 2,
        "NgayTiepNhan": "02/09/2024 08:00:00",
        "TrangThaiHoSo": 4,
        "DonViXuLy": "05977",  # Phường Vĩnh Trại, under the city, in 2024
    }
    assert push(client, secret, {"dossiers": [row]}).status_code == 200


def test_authentication(client: Client, token: str, measures: None) -> None:
    body = {"dossiers": records()[:1]}
    assert push(client, "dh_wrong", body).status_code == 401
    assert (
        client.post(URL, data=json.dumps(body), content_type="application/json").status_code == 401
    )
    services.api_token_revoke(actor=None, token=ApiToken.objects.get())
    assert push(client, token, body).status_code == 401
    SourceSystem.objects.update(active=False)
    assert Dossier.objects.count() == 0


def test_at_most_ten_thousand_records(client: Client, token: str, measures: None) -> None:
    row = records()[0]
    response = push(client, token, {"dossiers": [row] * 10_001})
    assert response.status_code == 413
    assert Dossier.objects.count() == 0


def test_stats_read_back_the_engines_figures(
    client: Client, token: str, measures: None, make_user: Any
) -> None:
    push(client, token, {"dossiers": records()})
    response = client.get(
        "/api/v1/dossiers/stats",
        {"unit": "20-STP", "period": "2024-09"},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200
    data = response.json()
    assert (data["received"], data["received_online"], data["resolved_late"]) == (5, 2, 1)
    viewer = Client()
    viewer.force_login(make_user("viewer"))
    assert (
        viewer.get("/api/v1/dossiers/stats", {"unit": "20", "period": "2024-Q3"}).json()["received"]
        == 5
    )
    ranged = viewer.get(
        "/api/v1/dossiers/stats", {"unit": "20", "start": "2024-09-01", "end": "2024-09-30"}
    )
    assert ranged.json()["received"] == 5
    assert (
        viewer.get("/api/v1/dossiers/stats", {"unit": "nope", "period": "2024"}).status_code == 404
    )


def test_run_status(client: Client, token: str, measures: None, make_user: Any) -> None:
    run_id = push(client, token, {"dossiers": records()}).json()["run"]
    response = client.get(f"/api/v1/dossiers/runs/{run_id}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200 and response.json()["state"] == "done"
    viewer = Client()
    viewer.force_login(make_user("viewer"))
    assert viewer.get(f"/api/v1/dossiers/runs/{run_id}").status_code == 403


def test_push_procedures_and_feedback(client: Client, token: str, measures: None) -> None:
    procs = push(
        client,
        token,
        {
            "records": [
                {"MaTTHC": "1.001", "TenTTHC": "Lý lịch tư pháp", "TrucTuyen": 2, "CoPhiLePhi": 1}
            ]
        },
        "/api/v1/procedures",
    )
    assert procs.status_code == 200 and procs.json()["created"] == 1
    feedback = push(
        client,
        token,
        {
            "records": [
                {
                    "MaPAKN": "P1",
                    "DonViXuLy": "20-STP",
                    "TrangThai": 2,
                    "NgayTiepNhan": "2024-09-03T08:00:00",
                },
                {
                    "MaPAKN": "P2",
                    "DonViXuLy": "20-SYT",
                    "TrangThai": 2,
                    "NgayTiepNhan": "2024-09-03T08:00:00",
                },
            ]
        },
        "/api/v1/feedback",
    )
    assert feedback.status_code == 403  # P2 is for another department


def test_ten_thousand_records_in_one_request(client: Client, token: str, measures: None) -> None:
    rows = [
        {
            "MaHoSo": f"T{i:05d}",
            "MaTTHC": f"1.{i % 40:03d}",
            "KenhThucHien": 2,
            "NgayTiepNhan": f"2024-09-{1 + i % 28:02d}T08:{i % 60:02d}:00",
            "NgayHenTra": f"2024-09-{1 + i % 28:02d}T17:00:00",
            "NgayKetThucXuLy": f"2024-09-{1 + i % 28:02d}T16:00:00",
            "TrangThaiHoSo": 10,
            "DonViXuLy": "20-STP",
        }
        for i in range(10_000)
    ]
    response = push(client, token, {"dossiers": rows})
    assert response.status_code == 200, response.content[:500]
    assert response.json()["created"] == 10_000


def test_the_openapi_document_describes_the_push(client: Client, make_user: Any) -> None:
    client.force_login(make_user("viewer"))
    schema = client.get("/api/v1/openapi.json").json()
    push_op = schema["paths"]["/api/v1/dossiers"]["post"]
    assert (
        "dossiers" in push_op["requestBody"]["content"]["application/json"]["schema"]["properties"]
    )
    assert {"200", "403", "422"} <= set(push_op["responses"])
