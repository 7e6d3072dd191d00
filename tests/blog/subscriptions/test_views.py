"""Subscribing, confirming and unsubscribing through the pages (blog/subscriptions/views.py)."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from blog.subscriptions.models import Subscriber
from blog.subscriptions.tokens import confirm_token, unsubscribe_token
from tests.blog.subscriptions.factory import make_subscriber

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/prenumeration/"


def post_subscribe(client, capture, email="ny@example.org", captcha="PASSED", ip="192.0.2.10"):
    with capture(execute=True):
        return client.post(
            SUBSCRIBE,
            {"email": email, "captcha_0": "nyckel", "captcha_1": captcha},
            REMOTE_ADDR=ip,
        )


def confirm_link(message):
    return re.search(r"http://localhost(/prenumeration/bekrafta/[^/\s]+/)", message.body).group(1)


def test_the_page_has_one_heading_labels_consent_and_a_human_check_with_audio(client, blog_index):
    response = client.get(SUBSCRIBE)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "Prenumerera via e-post" in html
    assert '<label for="id_email">Din e-postadress</label>' in html
    assert '<label for="id_captcha_1">Verifiering</label>' in html
    assert "/captcha/audio/" in html and "Lyssna på tecknen (ljudfil)" in html
    assert "Visa nya tecken" in html
    assert "MR-bloggen sparar min e-postadress" in html
    assert " onclick=" not in html and "<script" not in html.split("</footer>")[0].split("<main")[1]


def test_the_side_column_links_to_the_subscribe_page(client, blog_index):
    html = client.get("/").content.decode()
    assert f'href="{SUBSCRIBE}"' in html
    assert "kommer snart" not in html.split('id="side-subscribe"')[1].split("</section>")[0]


def test_subscribing_sends_a_confirmation_after_commit_and_nothing_else(
    client, blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    response = post_subscribe(client, django_capture_on_commit_callbacks, email="Ny@Example.org ")
    assert response.status_code == 302
    assert response["Location"] == reverse("subscriptions:requested")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "ny@example.org"
    assert subscriber.status == Subscriber.Status.PENDING
    assert [m.to for m in mailoutbox] == [["ny@example.org"]]
    message = mailoutbox[0]
    assert message.subject == "Bekräfta din prenumeration på MR-bloggen"
    assert "Länken fungerar i 7 dagar." in message.body
    assert message.alternatives[0][1] == "text/html"
    page = client.get(response["Location"]).content.decode()
    assert "Titta i din e-post" in page


def test_the_reply_is_the_same_for_known_and_unknown_addresses(
    client, blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    make_subscriber(email="finns@example.org")
    known = post_subscribe(client, django_capture_on_commit_callbacks, email="finns@example.org")
    unknown = post_subscribe(client, django_capture_on_commit_callbacks, email="ny@example.org")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [m.to for m in mailoutbox] == [["ny@example.org"]]  # a subscriber gets nothing new


def test_a_second_request_resends_the_confirmation_at_most_once_an_hour(
    client, blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    post_subscribe(client, django_capture_on_commit_callbacks)
    post_subscribe(client, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1
    Subscriber.objects.update(confirmation_sent_at=timezone.now() - datetime.timedelta(minutes=61))
    post_subscribe(client, django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2


def test_an_invalid_address_is_refused_in_swedish_beside_the_field(client, blog_index, mailoutbox):
    response = client.post(
        SUBSCRIBE, {"email": "inte-en-adress", "captcha_0": "x", "captcha_1": "PASSED"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Skriv en hel e-postadress, till exempel namn@kommun.se." in html
    assert 'aria-invalid="true"' in html and 'id="id_email_errors"' in html
    assert not Subscriber.objects.exists() and mailoutbox == []


def test_a_wrong_captcha_is_refused_in_swedish(client, blog_index, mailoutbox):
    response = client.post(
        SUBSCRIBE, {"email": "ny@example.org", "captcha_0": "x", "captcha_1": "FEL"}
    )
    assert response.status_code == 400
    assert "Tecknen stämde inte. Försök igen med den nya bilden." in response.content.decode()
    assert not Subscriber.objects.exists() and mailoutbox == []


def test_attempts_are_limited_per_address(
    client, blog_index, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.SUBSCRIPTIONS_RATE_LIMIT_ADDRESS = (2, 3600)
    for n in range(2):
        assert (
            post_subscribe(
                client, django_capture_on_commit_callbacks, ip=f"192.0.2.{n}"
            ).status_code
            == 302
        )
    response = post_subscribe(client, django_capture_on_commit_callbacks, ip="198.51.100.1")
    assert response.status_code == 429
    assert (
        "För många försök för den här adressen. Vänta en timme och försök igen."
        in response.content.decode()
    )
    # Another address from the same client still works.
    assert (
        post_subscribe(
            client, django_capture_on_commit_callbacks, email="annan@example.org", ip="198.51.100.1"
        ).status_code
        == 302
    )


def test_attempts_are_limited_per_client(
    client, blog_index, django_capture_on_commit_callbacks, settings
):
    settings.SUBSCRIPTIONS_RATE_LIMIT_CLIENT = (3, 3600)
    for n in range(3):
        post_subscribe(client, django_capture_on_commit_callbacks, email=f"a{n}@example.org")
    response = post_subscribe(client, django_capture_on_commit_callbacks, email="b@example.org")
    assert response.status_code == 429
    assert (
        "För många försök från din anslutning. Vänta en timme och försök igen."
        in response.content.decode()
    )
    assert not Subscriber.objects.filter(email="b@example.org").exists()
    # Another client is not affected.
    assert (
        post_subscribe(
            client, django_capture_on_commit_callbacks, email="b@example.org", ip="203.0.113.5"
        ).status_code
        == 302
    )


def test_behind_the_proxy_the_client_limit_is_per_visitor(
    client, blog_index, django_capture_on_commit_callbacks, settings
):
    """Every request reaches us from the proxy; the limit counts the address the proxy saw,
    and what the client wrote to the left of it changes nothing."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SUBSCRIPTIONS_RATE_LIMIT_CLIENT = (2, 3600)

    def via_proxy(email, forwarded):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(
                SUBSCRIBE, {"email": email, "captcha_0": "nyckel", "captcha_1": "PASSED"},
                REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded,
            )

    assert via_proxy("a@example.org", "198.51.100.7").status_code == 302
    assert via_proxy("b@example.org", "6.6.6.6, 198.51.100.7").status_code == 302
    assert via_proxy("c@example.org", "7.7.7.7, 198.51.100.7").status_code == 429
    assert via_proxy("c@example.org", "203.0.113.5").status_code == 302


def test_the_consent_network_is_the_one_the_proxy_saw(
    client, blog_index, django_capture_on_commit_callbacks, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    subscriber = make_subscriber(email="natverk@example.org", status=Subscriber.Status.PENDING)
    client.post(
        f"/prenumeration/bekrafta/{confirm_token(subscriber)}/",
        REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.77",
    )
    subscriber.refresh_from_db()
    assert subscriber.consent_network == "198.51.100.0/24"


def test_confirming_takes_a_post_and_keeps_time_network_and_wording(
    client, blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    post_subscribe(client, django_capture_on_commit_callbacks)
    link = confirm_link(mailoutbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "Bekräfta prenumerationen" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # a GET confirms nothing
    response = client.post(link, REMOTE_ADDR="203.0.113.77")
    assert "Nu prenumererar du på MR-bloggen" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert subscriber.consent_network == "203.0.113.0/24"
    assert subscriber.consent_text.startswith("Jag vill få ett e-postmeddelande från MR-bloggen")


def test_an_ipv6_consent_keeps_only_the_48_network(client, blog_index):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    client.post(
        f"/prenumeration/bekrafta/{confirm_token(subscriber)}/", REMOTE_ADDR="2001:db8:1234:5678::1"
    )
    subscriber.refresh_from_db()
    assert subscriber.consent_network == "2001:db8:1234::/48"


def test_an_expired_confirmation_link_is_refused_in_swedish(client, blog_index, settings):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = confirm_token(subscriber)
    settings.SUBSCRIPTIONS_CONFIRM_DAYS = 0
    response = client.post(f"/prenumeration/bekrafta/{token}/")
    assert response.status_code == 400
    assert (
        "Länken har slutat gälla. Prenumerera igen så får du en ny länk."
        in response.content.decode()
    )
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_a_forged_link_is_refused_in_swedish(client, blog_index):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    forged = signing.TimestampSigner(salt="something else").sign(f"{subscriber.pk}:0")
    for url in (f"/prenumeration/bekrafta/{forged}/", f"/prenumeration/avsluta/{forged}/"):
        response = client.post(url)
        assert response.status_code == 400
        assert "Länken fungerar inte" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING


def test_a_confirmation_link_from_before_unsubscribing_does_not_subscribe_again(client, blog_index):
    subscriber = make_subscriber(status=Subscriber.Status.PENDING)
    token = confirm_token(subscriber)
    Subscriber.objects.filter(pk=subscriber.pk).update(status=Subscriber.Status.UNSUBSCRIBED)
    assert client.post(f"/prenumeration/bekrafta/{token}/").status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribe_get_shows_one_button_and_post_without_login_or_csrf_unsubscribes(blog_index):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    subscriber = make_subscriber()
    url = f"/prenumeration/avsluta/{unsubscribe_token(subscriber)}/"
    page = client.get(url).content.decode()
    assert page.count("<button") - page.count('<button type="submit">Sök') == 1
    assert "Avsluta prenumerationen" in page
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Du prenumererar inte längre" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None


def test_a_person_can_subscribe_again_after_leaving_with_a_new_opt_in(
    client, blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(email="igen@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    post_subscribe(client, django_capture_on_commit_callbacks, email="igen@example.org")
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.PENDING
    client.post(confirm_link(mailoutbox[0]))
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_unsubscribing_a_deleted_subscriber_says_they_are_gone(client, blog_index):
    subscriber = make_subscriber()
    url = f"/prenumeration/avsluta/{unsubscribe_token(subscriber)}/"
    subscriber.delete()
    response = client.post(url)
    assert response.status_code == 200
    assert "Du prenumererar inte längre" in response.content.decode()
