"""The thank-you pages come after a redirect (blog/thanks.py): a reload never sends twice."""

import time

import pytest
from django.core import mail, signing

from blog.contact.models import ContactSubmission
from blog.events.models import Registration
from blog.models import BlogSettings
from blog.thanks import MAX_AGE, SALT
from tests.factories import (
    contact_data,
    make_contact_page,
    make_open_event,
    make_registration_form,
    registration_data,
)

REAL_TIME = time.time


@pytest.fixture
def contact(blog_index):
    blog_settings = BlogSettings.load()
    blog_settings.contact_email = "mr-bloggen@example.org"
    blog_settings.save()
    return make_contact_page(blog_index)


@pytest.fixture
def event(blog_index):
    return make_registration_form(make_open_event(title="Konferens om rättigheter — Umeå"))


@pytest.mark.django_db
def test_a_message_redirects_and_a_reload_of_the_thank_you_page_sends_nothing(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact.url, contact_data(meddelande="Hej 你好 مرحبا"))
    assert response.status_code == 302
    thank_you = response["Location"]
    assert thank_you.startswith(f"{contact.url}?tack=")
    assert "Hej" not in thank_you and "bo@example.org" not in thank_you
    sent = len(mail.outbox)
    for _ in range(2):  # the reader reloads
        with django_capture_on_commit_callbacks(execute=True):
            page = client.get(thank_you)
        assert page.status_code == 200
        assert "Tack för ditt meddelande" in page.content.decode()
    assert ContactSubmission.objects.count() == 1
    assert len(mail.outbox) == sent


@pytest.mark.django_db
def test_a_registration_redirects_to_a_thank_you_page_naming_the_event_only(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, registration_data(
            event, **{"E-post": "Asa.Oberg@Example.org", "Namn": "Åsa Öberg 王"}
        ))
    assert response.status_code == 302
    sent = len(mail.outbox)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            html = client.get(response["Location"]).content.decode()
        assert "Tack för din anmälan" in html
        assert "Du är anmäld till Konferens om rättigheter — Umeå." in html
        assert "Åsa" not in html and "王" not in html and "oberg" not in html.lower()
    assert Registration.objects.count() == 1
    assert len(mail.outbox) == sent


@pytest.mark.django_db
@pytest.mark.parametrize("token", [
    "x", "", "NA:1xYRzZ:forged", "ä" * 5000, "'\"><script>", "\x00",
])
def test_a_forged_thank_you_token_shows_the_ordinary_page(client, contact, event, token):
    assert "Tack för ditt meddelande" not in client.get(contact.url, {"tack": token}).content.decode()
    html = client.get(event.url, {"tack": token}).content.decode()
    assert "Tack för din anmälan" not in html and 'class="page-form"' in html


@pytest.mark.django_db
def test_a_thank_you_token_for_another_page_or_too_old_shows_the_ordinary_page(
    client, contact, event, monkeypatch
):
    other = signing.dumps(contact.pk, salt=SALT)
    assert "Tack för din anmälan" not in client.get(event.url, {"tack": other}).content.decode()
    with monkeypatch.context() as m:
        m.setattr(time, "time", lambda: REAL_TIME() - MAX_AGE.total_seconds() - 60)
        old = signing.dumps(event.pk, salt=SALT)
    assert "Tack för din anmälan" not in client.get(event.url, {"tack": old}).content.decode()
    own = signing.dumps(event.pk, salt=SALT)
    assert "Tack för din anmälan" in client.get(event.url, {"tack": own}).content.decode()
