"""A mailing starts on a post's first publication only (blog/subscriptions/signals.py)."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from blog.subscriptions.models import Delivery, Mailing
from tests.blog.subscriptions.factory import make_subscriber
from tests.factories import make_event, make_post

pytestmark = pytest.mark.django_db


def test_first_publication_sends_one_email_per_confirmed_subscriber(
    blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    make_subscriber(email="a@example.org")
    make_subscriber(email="b@example.org")
    make_subscriber(email="waiting@example.org", status="pending")
    make_subscriber(email="left@example.org", status="unsubscribed")
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(title="Barnkonventionen som lag")
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    assert Delivery.objects.filter(post=post, status=Delivery.Status.SENT).count() == 2
    assert Mailing.objects.get(post=post).fanned_out_at is not None


def test_republishing_sends_nothing_new(blog_index, mailoutbox, django_capture_on_commit_callbacks):
    make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post()
        post.title = "Ändrad rubrik"
        post.save_revision().publish()
        post.unpublish()
        post.save_revision().publish()
    assert len(mailoutbox) == 1


def test_an_unpublished_draft_sends_nothing(
    blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        make_post(live=False)
    assert mailoutbox == [] and not Mailing.objects.exists()


def test_a_scheduled_post_is_sent_when_it_goes_live_not_before(
    blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(live=False)
        post.go_live_at = timezone.now() + datetime.timedelta(hours=1)
        post.save_revision().publish()
    assert mailoutbox == [] and not Mailing.objects.exists()

    later = timezone.now() + datetime.timedelta(hours=2)
    with (
        django_capture_on_commit_callbacks(execute=True),
        mock.patch("django.utils.timezone.now", return_value=later),
    ):
        call_command("publish_scheduled", verbosity=0)
    post.refresh_from_db()
    assert post.live
    assert len(mailoutbox) == 1


def test_an_event_post_is_announced_too(blog_index, mailoutbox, django_capture_on_commit_callbacks):
    make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(title="MR-dagarna")
    assert [m.subject for m in mailoutbox] == ["Nytt på MR-bloggen: MR-dagarna"]
    assert Delivery.objects.get().post_id == event.pk
