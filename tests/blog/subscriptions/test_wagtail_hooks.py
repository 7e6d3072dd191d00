"""The admin for information officers (blog/subscriptions/wagtail_hooks.py)."""

import pytest
from django.urls import reverse

from blog.subscriptions.models import Delivery, Mailing, Subscriber
from tests.blog.subscriptions.factory import make_subscriber
from tests.factories import make_post

pytestmark = pytest.mark.django_db

SUBSCRIBERS = "/admin/subscriptions/subscribers/"
MAILINGS = "/admin/subscriptions/mailings/"


def test_the_listing_shows_status_and_consent_and_filters_and_searches(editor_client):
    make_subscriber(email="anna@example.org")
    make_subscriber(email="bo@example.org", status=Subscriber.Status.PENDING)
    html = editor_client.get(SUBSCRIBERS).content.decode()
    assert "anna@example.org" in html and "bo@example.org" in html
    assert "prenumererar" in html and "väntar på bekräftelse" in html
    assert "192.0.2.0/24" in html

    filtered = editor_client.get(SUBSCRIBERS, {"status": "pending"}).content.decode()
    assert "bo@example.org" in filtered and "anna@example.org" not in filtered
    searched = editor_client.get(SUBSCRIBERS, {"q": "anna"}).content.decode()
    assert "anna@example.org" in searched and "bo@example.org" not in searched


def test_the_listing_exports_csv_with_the_consent_wording(editor_client):
    subscriber = make_subscriber(email="anna@example.org")
    response = editor_client.get(SUBSCRIBERS, {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "anna@example.org" in body
    assert subscriber.consent_text[:40] in body
    assert "192.0.2.0/24" in body


def test_an_officer_can_inspect_and_delete_but_not_add_or_edit(editor_client):
    subscriber = make_subscriber()
    assert editor_client.get(reverse("subscribers:add")).status_code in (302, 403)
    assert editor_client.get(reverse("subscribers:edit", args=[subscriber.pk])).status_code in (
        302,
        403,
    )
    assert (
        editor_client.get(reverse("subscribers:inspect", args=[subscriber.pk])).status_code == 200
    )
    listing = editor_client.get(SUBSCRIBERS).content.decode()
    assert reverse("subscribers:add") not in listing
    response = editor_client.post(reverse("subscribers:delete", args=[subscriber.pk]))
    assert response.status_code == 302
    assert not Subscriber.objects.exists()


def test_each_mailing_shows_sent_failed_and_pending(editor_client, blog_index):
    post = make_post(title="Ett inlägg med utskick")
    Mailing.objects.get_or_create(post=post)
    a, b, c, d = (make_subscriber() for _ in range(4))
    Delivery.objects.bulk_create(
        [
            Delivery(subscriber=a, post=post, status="sent"),
            Delivery(subscriber=b, post=post, status="sent"),
            Delivery(subscriber=c, post=post, status="failed", failure_reason="550"),
            Delivery(subscriber=d, post=post, status="pending"),
        ]
    )
    d.delete()  # the counts stay
    html = editor_client.get(MAILINGS).content.decode()
    assert "Ett inlägg med utskick" in html
    mailing = Mailing.objects.with_counts().get()
    assert (mailing.sent_count, mailing.failed_count, mailing.pending_count) == (2, 1, 1)
    for label in ("skickat", "misslyckades", "väntar"):
        assert label in html.lower()
