"""Officers are told that comments wait: at most one e-mail per interval."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

from comments.models import Comment
from comments.services import submit_comment
from moderation.models import ModerationSettings, OfficerNotice
from moderation.tasks import notify_officers
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post


@pytest.fixture
def officer(db):
    user = get_user_model().objects.create_user("io", "io@example.org", "pw")
    user.groups.add(Group.objects.get_or_create(name="Informationsansvariga")[0])
    return user


def officer_mails():
    return [m for m in mail.outbox if m.to == ["io@example.org"]]


@pytest.mark.django_db
def test_one_notice_per_interval_not_one_per_comment(officer, blog_index, django_capture_on_commit_callbacks):
    post = make_post()
    for text in ["Första frågan om konferensen", "Andra frågan", "Tredje frågan"]:
        with django_capture_on_commit_callbacks(execute=True):
            submit_comment(post=post, author=make_reader(), text=text)
    notices = officer_mails()
    assert len(notices) == 1
    assert "väntar på granskning" in notices[0].subject
    assert "/admin/snippets/comments/comment/" in notices[0].body

    interval = ModerationSettings.load().notice_interval_minutes
    notice = OfficerNotice.objects.get()
    notice.last_sent_at -= datetime.timedelta(minutes=interval + 1)
    notice.save()
    with django_capture_on_commit_callbacks(execute=True):
        submit_comment(post=post, author=make_reader(), text="Fjärde frågan, en timme senare")
    assert len(officer_mails()) == 2
    assert "4 kommentarer väntar" in officer_mails()[-1].subject


@pytest.mark.django_db
def test_no_notice_when_nothing_waits(officer, blog_index):
    from moderation.tasks import notify_officers

    notify_officers.call()
    assert officer_mails() == []


@pytest.mark.django_db
@pytest.mark.parametrize("waiting, subject", [
    (1, "MR-bloggen: 1 kommentar väntar på granskning"),
    (2, "MR-bloggen: 2 kommentarer väntar på granskning"),
    (21, "MR-bloggen: 21 kommentarer väntar på granskning"),
])
def test_the_notice_subject_reads_naturally(officer, blog_index, waiting, subject):
    post = make_post()
    for i in range(waiting):
        make_comment(post, text=f"Väntar {i}", status=Comment.Status.PENDING)
    notify_officers.call()
    assert officer_mails()[-1].subject == subject
