"""The catalogue page: upload, preview with every problem placed, confirm, download."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import include, path
from django.utils import translation
from openpyxl import load_workbook

from config.urls import urlpatterns as site_urlpatterns
from dieuhanh.accounts.models import User
from dieuhanh.indicators.catalogue import SHEETS, catalogue_export
from dieuhanh.indicators.models import Indicator, Pillar, Plan, Target
from dieuhanh.indicators.tests.test_catalogue import BAD_YAML, EXAMPLE, rows_of_everything

# The lead mounts these URLs at /catalogue/; the tests do the same on their own.
urlpatterns = [
    path("catalogue/", include("dieuhanh.indicators.urls_catalogue")),
    *site_urlpatterns,
]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

PAGE, IMPORT = "/catalogue/", "/catalogue/import/"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def client_for(user: User) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def upload(text: str, name: str = "catalogue.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/yaml")


def test_upload_preview_then_confirm(users: dict[str, User]) -> None:
    client = client_for(users["coordinator"])
    page = client.get(PAGE)
    assert page.status_code == 200
    assert b'data-testid="upload"' in page.content

    preview = client.post(IMPORT, {"file": upload(EXAMPLE)})

    assert preview.status_code == 200
    html = preview.content.decode()
    assert 'data-testid="confirm"' in html and 'data-testid="summary"' in html
    assert "online_rate" in html  # the list of changes
    assert rows_of_everything()["Indicator"] == 0  # a preview writes nothing

    token = preview.context["token"]
    done = client.post(IMPORT, {"confirm": "1", "token": token}, follow=True)

    assert done.redirect_chain[-1][0] == PAGE
    # The interface is Vietnamese: "Catalogue imported from catalogue.yaml: 15 created…"
    assert "Đã nhập danh mục từ catalogue.yaml: 15 " in done.content.decode()
    assert Indicator.objects.count() == 3 and Target.objects.count() == 4
    # The pending file is gone: confirming twice imports nothing more.
    again = client.post(IMPORT, {"confirm": "1", "token": token}, follow=True)
    assert "không còn nữa" in again.content.decode()  # "no longer available"


def test_preview_lists_every_problem_with_its_place(users: dict[str, User]) -> None:
    client = client_for(users["admin"])
    response = client.post(IMPORT, {"file": upload(BAD_YAML)})

    assert response.status_code == 422
    html = response.content.decode()
    assert 'data-testid="problems"' in html and 'data-testid="confirm"' not in html
    report = response.context["report"]
    assert len(report.errors) >= 15
    for problem in report.errors:
        assert problem.location in html
    assert "indicators[1].formula" in html
    assert "Công thức dùng số liệu gốc “onlin”" in html  # "Unknown measure “onlin”"
    assert rows_of_everything() == dict.fromkeys(rows_of_everything(), 0)
    # Nothing is pending: a forged confirmation imports nothing.
    client.post(IMPORT, {"confirm": "1", "token": response.context["token"]})
    assert Pillar.objects.count() == 0


def test_excel_upload(users: dict[str, User]) -> None:
    client = client_for(users["coordinator"])
    client.post(IMPORT, {"file": upload(EXAMPLE)})
    client.post(IMPORT, {"confirm": "1", "token": client.session["catalogue_upload"]["token"]})
    workbook = catalogue_export(fmt="xlsx")
    Target.objects.all().delete()
    Plan.objects.all().delete()

    file = SimpleUploadedFile("catalogue.xlsx", workbook)
    preview = client.post(IMPORT, {"file": file})

    assert preview.status_code == 200
    counts = preview.context["report"].counts
    assert (counts["plans"].created, counts["targets"].created) == (1, 4)
    assert counts["indicators"].unchanged == 3


def test_cancel_forgets_the_file(users: dict[str, User]) -> None:
    client = client_for(users["coordinator"])
    token = client.post(IMPORT, {"file": upload(EXAMPLE)}).context["token"]
    assert client.post(IMPORT, {"cancel": "1"}).status_code == 302
    client.post(IMPORT, {"confirm": "1", "token": token})
    assert Pillar.objects.count() == 0


def test_a_file_is_required(users: dict[str, User]) -> None:
    response = client_for(users["coordinator"]).post(IMPORT, {})
    assert response.status_code == 422
    assert b'class="errors"' in response.content


@pytest.mark.parametrize("fmt", ["yaml", "xlsx"])
def test_download(fmt: str, users: dict[str, User]) -> None:
    client = client_for(users["admin"])
    client.post(IMPORT, {"file": upload(EXAMPLE)})
    client.post(IMPORT, {"confirm": "1", "token": client.session["catalogue_upload"]["token"]})

    response = client.get(f"/catalogue/export.{fmt}")

    assert response.status_code == 200
    assert f".{fmt}" in response["Content-Disposition"]
    if fmt == "yaml":
        data = yaml.safe_load(response.content)
        assert [i["code"] for i in data["indicators"]] == [
            "online_rate",
            "remote_received",
            "fibre_rate",
        ]
    else:
        book = load_workbook(io.BytesIO(response.content))
        assert book.sheetnames == list(SHEETS.values())
    assert client.get("/catalogue/export.csv").status_code == 404


@pytest.mark.parametrize("role", ["viewer", "leader", "reporter"])
def test_others_are_refused(role: str, users: dict[str, User]) -> None:
    client = client_for(users[role])
    assert client.get(PAGE).status_code == 403
    assert client.post(IMPORT, {"file": upload(EXAMPLE)}).status_code == 403
    assert client.get("/catalogue/export.yaml").status_code == 403
    assert client.get("/catalogue/export.xlsx").status_code == 403
    assert rows_of_everything() == dict.fromkeys(rows_of_everything(), 0)


def test_anonymous_is_sent_to_login(db: object) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
