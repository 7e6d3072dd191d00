"""Cancelling a registration from the signed link in the confirmation (blog/events/cancel.py)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from blog.events.cancel import cancel_token
from blog.events.models import EventPost, Registration
from blog.events.registration import registration_status
from tests.factories import make_open_event, make_registration_form, registration_data


@pytest.fixture
def event(blog_index):
    return make_registration_form(make_open_event(title="Möte om barnets rättigheter"), capacity=1)


def register(client, event, capture, email="karin@example.org"):
    with capture(execute=True):
        response = client.post(event.url, registration_data(event, **{"E-post": email}))
    assert response.status_code == 302
    return Registration.objects.get(email=email)


def cancel_link():
    """The link in the last confirmation, as a path."""
    confirmation = [m for m in mail.outbox if m.subject.startswith("Anmälan bekräftad")][-1]
    url = re.search(r"https?://\S+/avboka/\S+/", confirmation.body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.mark.django_db
def test_the_confirmation_links_to_a_page_that_asks_and_only_a_post_cancels(
    client, event, django_capture_on_commit_callbacks
):
    registration = register(client, event, django_capture_on_commit_callbacks)
    link = cancel_link()
    assert "karin" not in urlsafe_base64_decode(link.split("/")[2]).decode()  # names nobody
    assert not registration_status(event).is_open  # the one place is taken

    for _ in range(2):  # a mail scanner and then the registrant follow the link
        page = client.get(link)
        html = page.content.decode()
        assert page.status_code == 200
        assert "Avboka din anmälan?" in html and "Möte om barnets rättigheter" in html
        assert "private" in page["Cache-Control"]
    assert Registration.objects.filter(pk=registration.pk).exists()

    done = client.post(link)
    assert done.status_code == 200
    assert "Din anmälan är avbokad" in done.content.decode()
    assert not Registration.objects.exists()
    assert registration_status(event).is_open  # the place is free again


@pytest.mark.django_db
def test_a_second_cancel_and_a_reload_say_it_is_cancelled_already(
    client, event, django_capture_on_commit_callbacks
):
    register(client, event, django_capture_on_commit_callbacks)
    link = cancel_link()
    client.post(link)
    for response in (client.post(link), client.get(link)):
        assert response.status_code == 200
        assert "Anmälan är redan avbokad" in response.content.decode()


@pytest.mark.django_db
def test_an_old_link_never_cancels_a_later_registration_with_the_same_id(
    client, event, django_capture_on_commit_callbacks
):
    registration = register(client, event, django_capture_on_commit_callbacks)
    link = cancel_link()
    Registration.objects.filter(pk=registration.pk).update(email="ny@example.org")
    assert "Anmälan är redan avbokad" in client.post(link).content.decode()
    assert Registration.objects.filter(pk=registration.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("token", [
    "1", urlsafe_base64_encode(b"1:abc"), urlsafe_base64_encode(b"1:abc:def"), "x" * 20000,
    "åäö", "١٢٣", urlsafe_base64_encode(b"\xff\xfe"), urlsafe_base64_encode("1:ä:ö".encode()),
])
def test_a_forged_link_gets_a_clear_message_and_cancels_nothing(
    client, event, django_capture_on_commit_callbacks, token
):
    register(client, event, django_capture_on_commit_callbacks)
    for response in (client.get(f"/avboka/{token}/"), client.post(f"/avboka/{token}/")):
        assert response.status_code == 404
        assert "Länken för att avboka är inte giltig" in response.content.decode()
    assert Registration.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["1:abc", "%00", "%3Cscript%3E", "a/b"])
def test_a_link_no_cancel_link_looks_like_is_an_ordinary_not_found(client, event, path):
    assert client.post(f"/avboka/{path}/").status_code == 404


@pytest.mark.django_db
def test_a_link_signed_for_another_registration_with_a_tampered_id_is_refused(
    client, event, django_capture_on_commit_callbacks
):
    registration = register(client, event, django_capture_on_commit_callbacks)
    signed = urlsafe_base64_decode(cancel_token(registration)).decode()
    tampered = urlsafe_base64_encode(f"{registration.pk + 1}{signed[len(str(registration.pk)):]}".encode())
    assert client.post(f"/avboka/{tampered}/").status_code == 404
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_after_the_event_has_begun_the_link_has_expired(
    client, event, django_capture_on_commit_callbacks
):
    registration = register(client, event, django_capture_on_commit_callbacks)
    link = cancel_link()
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    EventPost.objects.filter(pk=event.pk).update(
        start_date=yesterday, registration_deadline=yesterday - datetime.timedelta(days=1)
    )
    for response in (client.get(link), client.post(link)):
        assert response.status_code == 200
        assert "För sent att avboka" in response.content.decode()
    assert Registration.objects.filter(pk=registration.pk).exists()


@pytest.mark.django_db
def test_the_confirmation_still_echoes_nothing_the_registrant_typed(
    client, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, registration_data(
            event, **{"E-post": "eva@example.org", "Namn": "Klicka http://ond.example 🙂"}
        ))
    confirmation = next(m for m in mail.outbox if m.to == ["eva@example.org"])
    assert "ond.example" not in confirmation.body and "🙂" not in confirmation.body
    assert "avboka din anmälan här" in confirmation.body
