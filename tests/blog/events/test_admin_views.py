"""Registrations in the admin (blog/admin_views.py): counts, exports, deleting a list."""

import datetime

import pytest
from bs4 import BeautifulSoup

from blog.events.models import Registration
from tests.factories import (
    make_event,
    make_open_event,
    make_registration_form,
    registration_data,
)


@pytest.fixture
def past_event(blog_index):
    return make_registration_form(make_event(title="Konferensen som har varit"))


def add_registrations(event, n):
    for i in range(n):
        Registration.objects.create(
            page=event, email=f"person{i}@example.org",
            form_data=registration_data(event, **{"E-post": f"person{i}@example.org"}),
        )


@pytest.mark.django_db
def test_overview_lists_each_event_with_its_count_and_exports(editor_client, past_event, blog_index):
    open_event = make_registration_form(make_open_event(title="Kommande konferens"), capacity=40)
    make_open_event(title="Utan formulär")
    add_registrations(past_event, 3)
    add_registrations(open_event, 2)
    response = editor_client.get("/admin/anmalningar/")
    assert response.status_code == 200
    rows = {
        row.find("a").get_text(strip=True): [td.get_text(" ", strip=True) for td in row.find_all("td")]
        for row in BeautifulSoup(response.content, "html.parser").select("table.listing tbody tr")
    }
    assert set(rows) == {"Konferensen som har varit", "Kommande konferens"}
    assert rows["Konferensen som har varit"][3] == "3"
    assert rows["Kommande konferens"][3] == "2 / 40"
    assert "CSV" in rows["Kommande konferens"][4] and "Excel" in rows["Kommande konferens"][4]
    # Only the event that is over can have its list deleted.
    assert "Radera listan" in rows["Konferensen som har varit"][5]
    assert "Radera listan" not in rows["Kommande konferens"][5]


@pytest.mark.django_db
def test_exports_as_csv_and_excel(editor_client, past_event):
    add_registrations(past_event, 2)
    url = f"/admin/forms/submissions/{past_event.pk}/"
    csv = b"".join(editor_client.get(url + "?export=csv").streaming_content).decode()
    assert "Namn" in csv.splitlines()[0] and "Organisation" in csv.splitlines()[0]
    assert "person0@example.org" in csv and "person1@example.org" in csv
    xlsx = editor_client.get(url + "?export=xlsx")
    assert xlsx.status_code == 200
    assert "spreadsheetml" in xlsx["Content-Type"]


@pytest.mark.django_db
def test_the_forms_listing_shows_events_only_when_they_have_a_form(editor_client, past_event, blog_index):
    make_open_event(title="Utan formulär")
    html = editor_client.get("/admin/forms/").content.decode()
    assert "Konferensen som har varit" in html
    assert "Utan formulär" not in html


@pytest.mark.django_db
def test_deleting_the_list_after_the_event_in_one_action(editor_client, past_event, blog_index):
    add_registrations(past_event, 3)
    other = make_registration_form(make_event(title="Annan"))
    add_registrations(other, 1)
    url = f"/admin/anmalningar/{past_event.pk}/radera/"
    assert "3 anmälningar kommer att raderas." in editor_client.get(url).content.decode()
    response = editor_client.post(url)
    assert response.status_code == 302
    assert not Registration.objects.filter(page=past_event).exists()
    assert Registration.objects.filter(page=other).count() == 1


@pytest.mark.django_db
def test_a_list_cannot_be_deleted_before_the_event_is_over(editor_client, blog_index):
    event = make_registration_form(make_open_event())
    add_registrations(event, 1)
    response = editor_client.post(f"/admin/anmalningar/{event.pk}/radera/")
    assert response.status_code == 302 and response["Location"] == "/admin/"  # Wagtail's "permission denied"
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_readers_cannot_reach_the_registrations(client, past_event, django_user_model):
    reader = django_user_model.objects.create_user("lasare", "lasare@example.org", "pw")
    client.force_login(reader)
    assert client.get("/admin/anmalningar/").status_code in (302, 403)
    assert client.post(f"/admin/anmalningar/{past_event.pk}/radera/").status_code in (302, 403, 404)
    client.logout()
    assert client.get("/admin/anmalningar/").status_code == 302


@pytest.mark.django_db
def test_the_event_editor_has_the_registration_form_tab(editor_client, past_event):
    html = editor_client.get(f"/admin/pages/{past_event.pk}/edit/").content.decode()
    assert "Anmälningsformulär" in html
    assert "registration_fields-TOTAL_FORMS" in html


@pytest.mark.django_db
def test_the_registration_deadline_still_cannot_be_after_the_start(past_event):
    from django.core.exceptions import ValidationError

    past_event.registration_deadline = past_event.start_date + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        past_event.full_clean()
