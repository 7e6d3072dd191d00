"""A database that fails in any step of a public form (mrblogg/unavailable.py): the form comes
back with what was written, "försök igen om en stund", 503 with Retry-After, nothing stored.

The tests are transactional (with serialized_rollback, which puts Wagtail's root page back):
a failed statement inside the test's own transaction would
poison it, and these requests must run as they do in production (autocommit)."""

import re
import sys

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory

from blog.contact.models import ContactSubmission
from blog.events.models import Registration
from blog.subscriptions.models import Subscriber
from blog.subscriptions.tokens import confirm_token, unsubscribe_token
from comments.models import Comment
from mrblogg import unavailable
from tests.blog.subscriptions.factory import make_subscriber
from tests.comments.factory import make_reader
from tests.factories import (
    contact_data,
    make_blog_index,
    make_contact_page,
    make_open_event,
    make_post,
    make_registration_form,
    registration_data,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SWEDISH = "försök igen om en stund"
CAPTCHA_CLEAN_UP = r"captcha_captchastore"
EVERYTHING = r"."
TEXT = "Ärligt talat: arbetet med mänskliga rättigheter måste följas upp. Ωμέγα 平和"


LOCKED = OperationalError("database is locked")


class DatabaseFails:
    """Every statement matching `pattern` raises, as a locked or unreachable database does."""

    def __init__(self, pattern, error=LOCKED):
        self.pattern = re.compile(pattern, re.IGNORECASE)
        self.error = error
        self.failed = 0

    def __call__(self, execute, sql, params, many, context):
        if self.pattern.search(sql):
            self.failed += 1
            raise self.error
        return execute(sql, params, many, context)


def browser():
    """A client that gets what a browser gets: the handler's page when something raised
    outside a view (the test client would otherwise re-raise it)."""
    return Client(raise_request_exception=False)


def post_while_failing(client, url, data, pattern, error=None):
    failing = DatabaseFails(pattern, *([error] if error else []))
    with connection.execute_wrapper(failing):
        response = client.post(url, data)
    assert failing.failed, "the database was never asked"
    return response


def assert_try_again(response, *kept):
    assert response.status_code == 503
    assert response["Retry-After"].isdigit() and int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert SWEDISH in html.lower()
    for value in kept:
        assert value in html, value
    return html


@pytest.fixture
def site(db):
    return make_blog_index()


@pytest.fixture
def reader_client(site):
    client = browser()
    client.force_login(make_reader())
    return client


@pytest.mark.parametrize("step", [CAPTCHA_CLEAN_UP, r'INSERT INTO "?comments_comment', EVERYTHING])
def test_a_comment_comes_back_with_its_text(reader_client, step):
    post = make_post()
    response = post_while_failing(
        reader_client, f"/kommentarer/skriv/{post.pk}/",
        {"text": TEXT, "captcha_0": "x", "captcha_1": "PASSED"}, step,
    )
    html = assert_try_again(response)
    assert TEXT in html.replace("&#x27;", "'")
    assert not Comment.objects.exists()
    # Sent again with the database back: stored once.
    response = reader_client.post(
        f"/kommentarer/skriv/{post.pk}/", {"text": TEXT, "captcha_0": "x", "captcha_1": "PASSED"}
    )
    assert response.status_code == 302 and Comment.objects.count() == 1


@pytest.mark.parametrize(
    "step", [CAPTCHA_CLEAN_UP, r'INSERT INTO "?blog_contactsubmission', EVERYTHING]
)
def test_a_contact_message_comes_back_with_its_answers(site, step):
    page = make_contact_page(site)
    data = contact_data(meddelande=TEXT, namn="Åsa Öberg")
    response = post_while_failing(browser(), page.url, data, step)
    assert_try_again(response, "Åsa Öberg", "Ωμέγα 平和")
    assert not ContactSubmission.objects.exists()


@pytest.mark.parametrize("step", [CAPTCHA_CLEAN_UP, r'INSERT INTO "?blog_registration', EVERYTHING])
def test_a_registration_comes_back_with_its_answers(site, step):
    event = make_registration_form(make_open_event(site))
    data = registration_data(
        event, **{"E-post": "asa.lund@example.org", "Organisation": "Malmö stad"}
    )
    response = post_while_failing(browser(), event.url, data, step)
    assert_try_again(response, "Malmö stad")
    assert not Registration.objects.exists()


@pytest.mark.parametrize("step", [CAPTCHA_CLEAN_UP, Subscriber._meta.db_table, EVERYTHING])
def test_a_subscription_comes_back_with_its_address(site, step):
    data = {"email": "ny.prenumerant@example.org", "captcha_0": "x", "captcha_1": "PASSED"}
    response = post_while_failing(browser(), "/prenumeration/", data, step)
    assert_try_again(response, "ny.prenumerant@example.org")
    assert not Subscriber.objects.exists()


@pytest.mark.parametrize("view", ["bekrafta", "avsluta"])
def test_confirming_and_unsubscribing_say_try_again(site, view):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = (confirm_token if view == "bekrafta" else unsubscribe_token)(subscriber)
    url = f"/prenumeration/{view}/{token}/"
    html = assert_try_again(post_while_failing(browser(), url, {}, EVERYTHING))
    assert f'action="{url}"' in html  # one button sends the same request again
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


@pytest.mark.parametrize("step", [CAPTCHA_CLEAN_UP, r'INSERT INTO "?auth_user"?', EVERYTHING])
def test_a_sign_up_comes_back_without_its_password(site, step):
    password = "mitt-hemliga-lösenord-77"
    data = {"email": "karin.ny@example.org", "password1": password, "password2": password,
            "display_name": "Karin i Kiruna", "captcha_0": "x", "captcha_1": "PASSED"}
    html = assert_try_again(
        post_while_failing(browser(), "/konto/signup/", data, step),
        "karin.ny@example.org", "Karin i Kiruna",
    )
    assert password not in html
    assert not get_user_model().objects.filter(email="karin.ny@example.org").exists()


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"),
                                   InterfaceError("connection already closed")])
def test_a_login_comes_back_without_its_password(site, error):
    make_reader(email="lasare@example.org")
    data = {"login": "lasare@example.org", "password": "mr-demo-hemligt-2024"}
    html = assert_try_again(
        post_while_failing(browser(), "/konto/login/?next=/kommentarer/mina/", data,
                           r"auth_user|account_emailaddress", error),
        "lasare@example.org",
    )
    assert "mr-demo-hemligt-2024" not in html
    assert 'action="/konto/login/?next=/kommentarer/mina/"' in html


def test_a_password_reset_comes_back_with_its_address(site):
    html = assert_try_again(
        post_while_failing(browser(), "/konto/password/reset/", {"email": "glomsk@example.org"},
                           r"auth_user|account_emailaddress"),
        "glomsk@example.org",
    )
    assert "csrfmiddlewaretoken" in html


def test_a_page_with_the_database_down_is_a_swedish_503(site):
    url = make_post().url
    with connection.execute_wrapper(DatabaseFails(EVERYTHING)):
        response = browser().get(url)
    html = assert_try_again(response)
    assert "Sidan kan inte visas just nu" in html and "<form" not in html


def test_a_database_error_outside_a_view_is_a_503_too():
    request = RequestFactory().post("/prenumeration/", {"email": "a@example.org", "password": "x"})
    try:
        raise OperationalError("database is locked")
    except OperationalError:
        response = unavailable.server_error(request)
    html = assert_try_again(response, "a@example.org")
    assert 'value="x"' not in html
    try:
        raise ValueError("a bug")
    except ValueError:
        assert unavailable.server_error(request).status_code == 500
    assert sys.exc_info()[0] is None


def test_errors_a_retry_cannot_cure_stay_errors():
    assert unavailable.is_unavailable(OperationalError("database is locked"))
    assert unavailable.is_unavailable(InterfaceError("connection already closed"))
    assert not unavailable.is_unavailable(IntegrityError("UNIQUE constraint failed"))
    assert not unavailable.is_unavailable(ValueError("no database at all"))


def test_the_form_of_one_request_is_not_given_back_in_the_next(site):
    from blog.subscriptions.forms import SubscribeForm

    client = browser()
    # A form bound earlier in this thread (the request before, served by the same thread).
    SubscribeForm(data={"email": "forst@example.org"})
    assert unavailable._bound_form.get() is not None
    url = f"/prenumeration/bekrafta/{confirm_token(make_subscriber())}/"
    html = assert_try_again(post_while_failing(client, url, {}, EVERYTHING))
    assert "forst@example.org" not in html
