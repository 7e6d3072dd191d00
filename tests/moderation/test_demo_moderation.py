"""`make run`'s demo has a comment in each state an officer meets (load_demo_comments, then
load_demo_moderation), and a second run duplicates nothing."""

import io

import pytest
from django.core.management import call_command
from wagtail.models import ModelLogEntry

from comments.management.commands.load_demo_comments import (
    FLAGGED_TEXT,
    SPAM_TEXT,
    TO_REJECT_TEXT,
)
from comments.models import Comment
from moderation.decisions import REJECT, SPAM
from moderation.models import Finding


def load():
    call_command("load_demo", "--force", stdout=io.StringIO())
    call_command("load_demo_comments", "--force", stdout=io.StringIO())
    call_command("load_demo_moderation", "--force", stdout=io.StringIO())


@pytest.mark.django_db
def test_every_state_an_officer_meets_and_nothing_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load()
    with django_capture_on_commit_callbacks(execute=True):
        load()
    statuses = Comment.Status
    flagged = Comment.objects.get(text=FLAGGED_TEXT)
    assert flagged.status == statuses.PENDING
    assert Finding.objects.filter(comment=flagged, rule="good_tone").exists()
    clean = Comment.objects.pending().exclude(pk=flagged.pk)
    assert clean.exists() and not Finding.objects.filter(comment__in=clean).exists()
    assert Comment.objects.published().count() == 5  # with the blog's answer and a reply

    rejected = Comment.objects.get(text=TO_REJECT_TEXT)
    assert rejected.status == statuses.REJECTED
    entries = ModelLogEntry.objects.filter(object_id=str(rejected.pk), action=REJECT)
    assert entries.count() == 1 and entries.get().data["rules"] == ["good_tone"]

    spam = Comment.objects.get(text=SPAM_TEXT)
    assert spam.status == statuses.SPAM
    assert ModelLogEntry.objects.filter(object_id=str(spam.pk), action=SPAM).count() == 1
    assert Comment.objects.count() == 10


@pytest.mark.django_db
def test_decisions_need_the_demo_comments_first():
    with pytest.raises(Exception, match="Kör load_demo"):
        call_command("load_demo_moderation", "--force", stdout=io.StringIO())
