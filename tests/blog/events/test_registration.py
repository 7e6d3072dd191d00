"""Registration on event posts (blog/events/registration.py): the form, its limits and its e-mails."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from blog.events.emails import send_registration_emails
from blog.events.models import Registration
from tests.factories import (
    make_event,
    make_open_event,
    make_registration_form,
    registration_data,
)


@pytest.fixture
def event(blog_index):
    return make_registration_form(make_open_event(title="Regional konferens"))


def post(client, event, **values):
    return client.post(event.url, registration_data(event, **values))


def field_errors(response, name):
    """The error texts shown beside the field `name`."""
    soup = BeautifulSoup(response.content, "html.parser")
    errors = soup.find(id=f"id_{name}_errors")
    return errors.get_text(" ", strip=True) if errors else ""


def clean_name(event, label):
    return event.registration_fields.get(label=label).clean_name


# --- The form on the page ---------------------------------------------------------------


@pytest.mark.django_db
def test_open_event_shows_the_form_with_a_label_for_every_input(client, event):
    html = client.get(event.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", class_="page-form")
    assert form is not None and form["method"] == "post"
    inputs = form.find_all(["input", "textarea", "select"])
    visible = [i for i in inputs if i.get("type") != "hidden"]
    assert len(visible) == 6  # the five fields of the form and the human check
    for element in visible:
        assert soup.find("label", attrs={"for": element["id"]}), element
    assert len(soup.find_all("h1")) == 1
    assert "Sista anmälningsdag" in html
    assert "Anmäl dig senast" in html


@pytest.mark.django_db
def test_event_without_a_form_shows_no_form_and_refuses_posts(client, blog_index):
    event = make_open_event()
    assert 'class="page-form"' not in client.get(event.url).content.decode()
    assert client.post(event.url, {"namn": "x"}).status_code == 405
    assert not Registration.objects.exists()


# --- A registration ---------------------------------------------------------------------


@pytest.mark.django_db
def test_registering_stores_it_and_sends_confirmation_and_notice(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            event.url, registration_data(event, **{"E-post": "Anna@Example.org"}), follow=True
        )
    assert response.redirect_chain[0][1] == 302
    html = response.content.decode()
    assert "Tack för din anmälan" in html and "Välkommen!" in html
    registration = Registration.objects.get()
    assert registration.page_id == event.pk
    assert registration.email == "anna@example.org"
    assert registration.form_data[clean_name(event, "Organisation")] == "Umeå kommun"

    confirmation, notice = sorted(mail.outbox, key=lambda m: m.to != ["anna@example.org"])
    assert confirmation.to == ["anna@example.org"]
    body = confirmation.body
    assert event.title in confirmation.subject
    assert event.start_date.strftime("%Y") in body
    assert "10:00–16:00" in body
    assert "Scandic Plaza Umeå, Storgatan 40, Umeå" in body
    assert "Välkommen!" in body
    (name, content, mimetype) = confirmation.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content and "SUMMARY:Regional konferens" in content
    assert notice.to == ["arrangor@example.org"]
    assert notice.reply_to == ["anna@example.org"]
    assert "Anna Andersson" in notice.body and "Umeå kommun" in notice.body
    registration.refresh_from_db()
    assert registration.confirmation_sent_at and registration.organiser_notified_at


@pytest.mark.django_db
def test_the_e_mail_task_is_idempotent(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, event)
    assert len(mail.outbox) == 2
    send_registration_emails.enqueue(Registration.objects.get().pk)
    assert len(mail.outbox) == 2
    send_registration_emails.enqueue(999_999)  # a deleted registration: nothing to do
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_nothing_is_sent_before_the_commit(client, event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        post(client, event)
    queued = [c for c in callbacks if getattr(c, "task", None) == send_registration_emails]
    assert len(queued) == 1
    assert mail.outbox == []


# --- Bad input: a Swedish message beside the field, nothing stored ----------------------


@pytest.mark.django_db
def test_missing_required_field(client, event):
    response = post(client, event, Organisation=None)
    assert "Det här fältet är obligatoriskt" in field_errors(response, clean_name(event, "Organisation"))
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_invalid_email(client, event):
    response = post(client, event, **{"E-post": "inte-en-adress"})
    assert "Fyll i en giltig e-postadress." in field_errors(response, clean_name(event, "E-post"))
    assert not Registration.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("phone", ["hej", "12", "070-319 79 20; DROP"])
def test_invalid_phone(client, event, phone):
    response = post(client, event, Telefon=phone)
    assert "Ange ett giltigt telefonnummer." in field_errors(response, clean_name(event, "Telefon"))
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_valid_phone_numbers_pass(client, event):
    for phone in ["070-319 79 20", "+46 70 319 79 20", "(08) 452 70 00"]:
        post(client, event, Telefon=phone)
    assert Registration.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("label, length", [("Organisation", 256), ("Särskilda kostbehov", 2001)])
def test_over_long_text(client, event, label, length):
    response = post(client, event, **{label: "x" * length})
    assert "Säkerställ att detta värde har som mest" in field_errors(response, clean_name(event, label))
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_same_email_cannot_register_twice_for_the_same_event(client, event, blog_index):
    post(client, event, **{"E-post": "bo@example.org"})
    response = post(client, event, **{"E-post": "BO@example.org "})
    assert "redan anmäld" in field_errors(response, clean_name(event, "E-post"))
    assert Registration.objects.count() == 1
    other = make_registration_form(make_open_event())
    post(client, other, **{"E-post": "bo@example.org"})  # another event is fine
    assert Registration.objects.count() == 2


@pytest.mark.django_db
def test_required_consent_checkbox(client, blog_index):
    event = make_registration_form(make_open_event(), fields=[
        ("Namn", "singleline", True), ("E-post", "email", True),
        ("Jag godkänner att mina uppgifter sparas", "checkbox", True),
    ])
    consent = clean_name(event, "Jag godkänner att mina uppgifter sparas")
    response = post(client, event)
    assert "Det här fältet är obligatoriskt" in field_errors(response, consent)
    assert not Registration.objects.exists()
    client.post(event.url, {**registration_data(event), consent: "on"})
    assert Registration.objects.get().form_data[consent] is True


@pytest.mark.django_db
def test_choices_and_numbers(client, blog_index):
    event = make_registration_form(make_open_event(), fields=[
        ("E-post", "email", True), ("Antal deltagare", "number", True),
        ("Pass", "radio", True, "Förmiddag\nEftermiddag"),
    ])
    data = registration_data(event)
    response = client.post(event.url, {**data, "antal_deltagare": "två", "pass": "Natt"})
    assert "Fyll i ett tal." in field_errors(response, "antal_deltagare")
    assert "Välj ett giltigt alternativ." in field_errors(response, "pass")
    assert not Registration.objects.exists()
    client.post(event.url, {**data, "antal_deltagare": "2", "pass": "Förmiddag"})
    assert Registration.objects.get().form_data["pass"] == "Förmiddag"


# --- Deadline and capacity ----------------------------------------------------------------


@pytest.mark.django_db
def test_after_the_deadline_the_page_says_so_and_a_forged_post_stores_nothing(client, blog_index):
    event = make_registration_form(make_event(  # the seed conference: deadline 24 Nov 2022
        start_date=datetime.date(2022, 11, 30), registration_deadline=datetime.date(2022, 11, 24),
    ))
    html = client.get(event.url).content.decode()
    assert 'class="page-form"' not in html
    assert "Anmälan är stängd. Sista anmälningsdag var 24 november 2022." in html
    response = post(client, event)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert "Anmälan är stängd" in soup.find(role="alert").get_text()
    assert not Registration.objects.exists()


def _at(monkeypatch, utc):
    monkeypatch.setattr(timezone, "now", lambda: utc)


@pytest.mark.django_db
def test_the_whole_last_day_counts_in_stockholm_time(client, blog_index, monkeypatch):
    event = make_registration_form(make_event(
        start_date=datetime.date(2031, 12, 1), registration_deadline=datetime.date(2031, 11, 24),
    ))
    # 23:30 in Stockholm (UTC+1 in November) on the last day: still open.
    _at(monkeypatch, datetime.datetime(2031, 11, 24, 22, 30, tzinfo=datetime.UTC))
    post(client, event)
    assert Registration.objects.count() == 1
    # 00:30 the next morning in Stockholm, though still the 24th in UTC: closed.
    _at(monkeypatch, datetime.datetime(2031, 11, 24, 23, 30, tzinfo=datetime.UTC))
    response = post(client, event)
    assert "Anmälan är stängd" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_without_a_deadline_registration_closes_when_the_event_starts(client, blog_index, monkeypatch):
    event = make_registration_form(make_event(
        start_date=datetime.date(2031, 12, 1), registration_deadline=None,
    ))
    _at(monkeypatch, datetime.datetime(2031, 12, 1, 12, 0, tzinfo=datetime.UTC))
    post(client, event)
    _at(monkeypatch, datetime.datetime(2031, 12, 2, 12, 0, tzinfo=datetime.UTC))
    post(client, event)
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_capacity(client, blog_index):
    event = make_registration_form(make_open_event(), capacity=2)
    assert "2 platser kvar." in client.get(event.url).content.decode()
    post(client, event)
    assert "1 plats kvar." in client.get(event.url).content.decode()
    post(client, event)
    html = client.get(event.url).content.decode()
    assert "Anmälan är stängd: alla platser är tagna." in html
    assert 'class="page-form"' not in html
    response = post(client, event)
    assert "alla platser är tagna" in response.content.decode()
    assert Registration.objects.count() == 2


@pytest.mark.django_db
def test_the_form_that_was_open_when_loaded_is_refused_when_full_on_arrival(client, blog_index):
    """Two people load the last place; the second submission is refused with a message."""
    event = make_registration_form(make_open_event(), capacity=1)
    first, second = registration_data(event), registration_data(event)
    client.post(event.url, first)
    response = client.post(event.url, second)
    assert "alla platser är tagna" in response.content.decode()
    assert Registration.objects.count() == 1


# --- The demo content --------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_events_have_their_forms():
    import io

    from django.core.management import call_command

    from blog.events.models import EventPost
    from blog.models import BlogSettings

    call_command("load_demo", "--force", stdout=io.StringIO())
    assert BlogSettings.load().contact_page.slug == "kontakta-oss"
    conference = EventPost.objects.get(slug="regional-konferens-manskliga-rattigheter-umea")
    assert [f.label for f in conference.registration_fields.all()] == [
        "Namn", "E-post", "Organisation", "Roll", "Särskilda kostbehov",
    ]
    assert conference.registration_deadline == datetime.date(2022, 11, 24)
    network = EventPost.objects.get(slug__startswith="utvecklingsnatverk")
    fields = list(network.registration_fields.all())
    assert [f.label for f in fields] == [
        "Kommun, landsting eller regionens namn",
        "Kontaktuppgifter till ansvarig chef",
        "Kontaktuppgifter till projektledaren",
        "Projektledarens e-postadress",
        "Namn på deltagare i projektgruppen",
        "En kort beskrivning av syftet med ert projekt",
    ]
    assert all(f.required for f in fields)
    assert network.registration_deadline == datetime.date(2017, 12, 15)
