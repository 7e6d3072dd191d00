"""Registration for events against bots (blog/events/registration.py): a limit per client and per
address, counted by the kernel's limiter; a confirmation that echoes nothing typed."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from blog.events.models import Registration
from tests.factories import make_open_event, make_registration_form, registration_data

HOSTILE = [
    "Ditt konto hos Skatteverket är spärrat: https://skatteverket.example.net/verifiera",
    "Ваш аккаунт заблокирован: http://пример.рф/вход",
    "تم تعليق حسابك https://xn--mgbh0fb.example/login",
]


@pytest.fixture
def event(blog_index):
    return make_registration_form(make_open_event(title="Regional konferens"), capacity=100)


def errors_of(response):
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


@pytest.mark.django_db
def test_one_client_may_register_only_so_many_times(client, event, settings):
    settings.REGISTRATION_RATE_LIMIT_CLIENT = (3, 3600)
    for _ in range(3):
        assert client.post(event.url, registration_data(event)).status_code == 302
    response = client.post(event.url, registration_data(event))
    assert response.status_code == 429
    assert "För många anmälningar från din anslutning. Vänta en timme och försök igen." in (
        errors_of(response)
    )
    assert Registration.objects.count() == 3
    # Another visitor is not affected.
    client.post(event.url, registration_data(event), REMOTE_ADDR="192.0.2.44")
    assert Registration.objects.count() == 4


@pytest.mark.django_db
def test_bad_posts_count_too(client, event, settings):
    """Guessing at the form (or, with the colleague's CAPTCHA, at the characters) uses up
    the client's attempts as much as registering does."""
    settings.REGISTRATION_RATE_LIMIT_CLIENT = (3, 3600)
    for _ in range(3):
        client.post(event.url, registration_data(event, **{"E-post": "inte en adress"}))
    response = client.post(event.url, registration_data(event))
    assert response.status_code == 429
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_one_address_may_be_registered_only_so_many_times_over_all_events(
    client, blog_index, settings
):
    settings.REGISTRATION_RATE_LIMIT_ADDRESS = (2, 3600)
    events = [make_registration_form(make_open_event(title=f"Konferens {n}")) for n in range(3)]
    address = "Asa.Oberg@Räksmörgås.example"
    for n, event in enumerate(events[:2]):
        client.post(event.url, registration_data(event, **{"E-post": address}),
                    REMOTE_ADDR=f"192.0.2.{n}")
    response = client.post(events[2].url, registration_data(events[2], **{"E-post": address}),
                           REMOTE_ADDR="192.0.2.99")
    assert "För många anmälningar med den här e-postadressen." in errors_of(response)
    assert list(Registration.objects.values_list("email", flat=True).distinct()) == [
        "asa.oberg@räksmörgås.example"
    ]
    assert Registration.objects.count() == 2


@pytest.mark.django_db
def test_behind_the_proxy_the_client_limit_is_per_visitor(client, event, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REGISTRATION_RATE_LIMIT_CLIENT = (2, 3600)
    via_proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for forwarded in ["198.51.100.7", "6.6.6.6, 198.51.100.7", "7.7.7.7, 198.51.100.7"]:
        client.post(
            event.url, registration_data(event), HTTP_X_FORWARDED_FOR=forwarded, **via_proxy
        )
    assert Registration.objects.count() == 2
    client.post(
        event.url, registration_data(event), HTTP_X_FORWARDED_FOR="203.0.113.5", **via_proxy
    )
    assert Registration.objects.count() == 3


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_header_changes_nothing(client, event, settings):
    settings.REGISTRATION_RATE_LIMIT_CLIENT = (2, 3600)
    for n in range(4):
        client.post(event.url, registration_data(event), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert Registration.objects.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", HOSTILE)
def test_the_confirmation_says_what_was_booked_and_nothing_that_was_typed(
    client, event, django_capture_on_commit_callbacks, hostile
):
    """The address is not verified: a confirmation quoting the answers would mail anyone
    any text under MR-bloggen's name."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, registration_data(event, **{
            "Namn": hostile[:100], "E-post": "offer@example.org", "Organisation": hostile[:100],
            "Särskilda kostbehov": hostile * 20,
        }))
    confirmation = next(m for m in mail.outbox if m.to == ["offer@example.org"])
    assert "Regional konferens" in confirmation.subject
    leaks = [hostile[:20], "skatteverket", "verifiera", "пример", "حسابك", "xn--", "/login"]
    for part in leaks:
        assert part not in confirmation.body, part
        assert part not in confirmation.attachments[0][1], part
    assert "Välkommen!" in confirmation.body  # the editor's own confirmation text
    assert "svara på det här e-postmeddelandet så tar arrangören bort anmälan" in (
        confirmation.body
    )
    notice = next(m for m in mail.outbox if m.to == ["arrangor@example.org"])
    assert hostile[:20] in notice.body  # the organiser still sees the answers


@pytest.mark.django_db
def test_without_an_organiser_the_confirmation_does_not_promise_one(
    client, blog_index, django_capture_on_commit_callbacks
):
    event = make_registration_form(make_open_event(), organiser_email="")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, registration_data(event, **{"E-post": "offer@example.org"}))
    (confirmation,) = mail.outbox
    assert "Om du inte har anmält dig har någon annan angett din e-postadress." in (
        confirmation.body
    )
    assert "arrangören" not in confirmation.body
