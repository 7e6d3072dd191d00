"""A rate-limited request stores nothing, and the regressions the property tests found."""

import unicodedata

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import caches

from blog.contact.models import ContactSubmission
from blog.contact.services import sender_limit
from blog.events.models import Registration
from blog.models import BlogSettings
from blog.subscriptions import services as subscription_services
from blog.subscriptions.models import Subscriber
from comments.models import ReaderProfile
from mrblogg import ratelimit
from tests.factories import (
    make_contact_page,
    make_open_event,
    make_registration_form,
)
from tests.public_forms.base import (
    NEW_PASSWORD,
    User,
)

# --- Rate limits: a refused request stores nothing -------------------------------------------------


@pytest.fixture
def fresh_caches():
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.mark.django_db
def test_rate_limited_requests_store_nothing(client, blog_index, fresh_caches):
    blog_settings = BlogSettings.load()
    blog_settings.contact_email = "mr-bloggen@example.org"
    blog_settings.save()
    page = make_contact_page(blog_index)

    # The contact form: five messages from one address in the hour, then a refusal.
    for _ in range(5):
        ratelimit.attempt(sender_limit(), "127.0.0.1/32")
    response = client.post(page.url, {
        "namn": "Bo", "e_post": "bo@example.org", "amne": "Fråga", "meddelande": "Hej",
        "captcha_0": "x", "captcha_1": "PASSED",
    })
    assert response.status_code == 200
    assert not ContactSubmission.objects.exists()

    # Subscribing: the connection has used up its attempts.
    for _ in range(20):
        ratelimit.attempt(subscription_services.client_limit(), "127.0.0.1/32")
    response = client.post("/prenumeration/", {
        "email": "ny@example.org", "captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 429
    assert not Subscriber.objects.exists()

    # Signing up: allauth's limit of ten sign-ups an hour from one address.
    for n in range(10):
        client.post("/konto/signup/", {"email": f"bad{n}", "display_name": "x"})
    response = client.post("/konto/signup/", {
        "email": "ny@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "display_name": "Nya Läsaren",
    })
    assert response.status_code == 429
    assert not User.objects.exists() and not ReaderProfile.objects.exists()
    assert not mail.outbox


# --- Regressions: what the property tests found ----------------------------------------------------

# Django's EmailValidator matches the local part case-insensitively, so the four letters whose
# case folds into a-z pass it: İ, ı, ſ and the Kelvin sign. "İ" lower-cases to two characters,
# and Django's mail refuses to build a header for a non-ASCII local part of 16 or more of
# them (ValueError: "address parts cannot contain CR or LF").
UNSENDABLE = "0" + "İ" * 20 + "@example.org"
# 252 characters, 492 once lower-cased: more than the 254 of the e-mail columns.
GROWS_WHEN_LOWERED = "İ" * 240 + "@example.org"


@pytest.mark.django_db
@pytest.mark.parametrize("address", [UNSENDABLE, GROWS_WHEN_LOWERED])
def test_subscribe_refuses_an_address_mail_cannot_be_sent_to(
    client, blog_index, address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/prenumeration/", {
            "email": address, "captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 400
    assert "Den här e-postadressen går inte att använda." in response.content.decode()
    assert not Subscriber.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("address", [UNSENDABLE, GROWS_WHEN_LOWERED])
def test_the_contact_form_refuses_an_address_mail_cannot_be_sent_to(
    client, blog_index, address, django_capture_on_commit_callbacks
):
    page = make_contact_page(blog_index)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page.url, {
            "namn": "Bo", "e_post": address, "amne": "Fråga", "meddelande": "Hej",
            "captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 200
    assert "Den här e-postadressen går inte att använda." in response.content.decode()
    assert not ContactSubmission.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize("address", [UNSENDABLE, GROWS_WHEN_LOWERED])
def test_registration_refuses_an_address_mail_cannot_be_sent_to(
    client, blog_index, address, django_capture_on_commit_callbacks
):
    event = make_registration_form(make_open_event(blog_index))
    names = {f.label: f.clean_name for f in event.registration_fields.all()}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(event.url, {
            names["Namn"]: "Anna", names["E-post"]: address, names["Organisation"]: "Umeå kommun",
            "captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 200
    assert "Den här e-postadressen går inte att använda." in response.content.decode()
    assert not Registration.objects.exists()
    assert not mail.outbox


@pytest.mark.django_db
@pytest.mark.parametrize("address", [UNSENDABLE, GROWS_WHEN_LOWERED])
def test_sign_up_refuses_an_address_mail_cannot_be_sent_to(client, blog_index, address,
                                                           fresh_caches):
    response = client.post("/konto/signup/", {
        "email": address, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "display_name": "Nya Läsaren"})
    assert response.status_code == 200
    assert "Den här e-postadressen går inte att använda." in response.content.decode()
    assert not User.objects.exists() and not EmailAddress.objects.exists()


@pytest.mark.django_db
def test_sign_up_refuses_a_display_name_that_grows_past_60_under_nfc(client, blog_index,
                                                                      fresh_caches):
    # U+0958 (Devanagari qa) is excluded from composition: NFC makes it two characters, so
    # 60 of them pass max_length=60 and become 120, too long for ReaderProfile.display_name
    # (PostgreSQL: "value too long for type character varying(60)", a 500).
    name = "\u0958" * 60
    assert len(unicodedata.normalize("NFC", name)) == 120
    response = client.post("/konto/signup/", {
        "email": "ny@example.org", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD,
        "display_name": name})
    assert response.status_code == 200
