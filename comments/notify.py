"""Told when answered, the sending side: each notice handed to the outbox exactly once.

A notice (comments/following_models.py) is written PENDING in the transaction that publishes
its answer (`record_notices`, from the `post_save` receiver below; who is told and why that
seam: comments/following.py), and the task runs after the commit. For each notice it
takes, in ONE transaction, the row (a conditional UPDATE-by-lock, so a second worker finds it
no longer PENDING), renders the e-mail and stores it as the outbox's row (mrblogg/outbox.py),
then marks the notice QUEUED with that row. A worker killed anywhere in it rolls all of that
back: the notice is PENDING again and no e-mail exists, so handing over never doubles. From
there the outbox delivers as for every e-mail of the site: `deliver_email` after the commit,
marked sent by one UPDATE right after the server's 250, retried with back-off while the
server is down, and swept by `send_queued_email` (README, "Mail that is never lost or
doubled": the one message a kill can double is the one between the 250 and that UPDATE).

`send_answer_notices` (the management command, in settings.PERIODIC_COMMANDS) queues this
task again for every answer with notices still PENDING after ANSWER_NOTICE_SWEEP_GRACE: a
worker that died, or a task that was never queued.

Nothing is sent for an answer that is not published (undone, rejected, reported away, its
post unpublished): its notices stay PENDING and go out if it is published again. A follower
who stopped following, or whose account has no address, gets nothing (SKIPPED).
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from mrblogg.addresses import public_url
from mrblogg.models import OutgoingEmail
from mrblogg.outbox import deliver_email
from mrblogg.queueing import enqueue_after_commit

from .following import covering_follow, followed_by_answer
from .models import AnswerNotice, Comment, Follow, display_name_of

SENDABLE = {"status": Comment.Status.PUBLISHED, "post__live": True}


def _answer(pk):
    return (
        Comment.objects.filter(pk=pk, **SENDABLE)
        .select_related("post", "author__reader_profile", "parent", "answers")
        .first()
    )


@task()
def send_answer_notices(answer_pk):
    """Hand every PENDING notice of the published answer to the outbox. Idempotent."""
    answer = _answer(answer_pk)
    if answer is None:
        return "not published"
    pks = list(
        AnswerNotice.objects.filter(answer_id=answer_pk, status=AnswerNotice.Status.PENDING)
        .order_by("pk").values_list("pk", flat=True)
    )
    results = [hand_over(answer, pk) for pk in pks]
    return f"{results.count('queued')} queued, {results.count('skipped')} skipped"


def hand_over(answer, notice_pk):
    """One notice to the outbox, in one transaction: "queued", "skipped" or "" (taken by
    another worker, or the answer unpublished meanwhile)."""
    with transaction.atomic():
        notice = (
            AnswerNotice.objects.select_for_update()
            .filter(pk=notice_pk, status=AnswerNotice.Status.PENDING)
            .select_related("reader").first()
        )
        if notice is None or not Comment.objects.filter(pk=answer.pk, **SENDABLE).exists():
            return ""
        reader = notice.reader
        follow = covering_follow(answer, reader.pk)
        now = timezone.now()
        if follow is None or not reader.is_active or not reader.email:
            notice.status, notice.queued_at = AnswerNotice.Status.SKIPPED, now
            notice.save(update_fields=["status", "queued_at"])
            return "skipped"
        row = OutgoingEmail.of(answer_message(answer, follow, reader.email))
        row.save()
        enqueue_after_commit(deliver_email, row.pk)
        notice.status, notice.queued_at, notice.outgoing = AnswerNotice.Status.QUEUED, now, row
        notice.save(update_fields=["status", "queued_at", "outgoing"])
        return "queued"


def record_notices(answer):
    """One PENDING notice for each follower of what the published `answer` answers (never its
    author), then the task that hands them to the outbox after the commit. Call inside the
    publishing transaction; safe to call again."""
    readers = set(
        Follow.objects.filter(comment_id__in=followed_by_answer(answer))
        .exclude(reader_id=answer.author_id)
        .values_list("reader_id", flat=True)
    )
    if not readers:
        return 0
    AnswerNotice.objects.bulk_create(
        [AnswerNotice(answer_id=answer.pk, reader_id=pk) for pk in sorted(readers)],
        ignore_conflicts=True,
    )
    enqueue_after_commit(send_answer_notices, answer.pk)
    return len(readers)


@receiver(post_save, sender=Comment, dispatch_uid="comments.notify.published")
def answer_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    """A reply saved as published: its followers' notices, in the same transaction."""
    if raw or instance.parent_id is None or instance.status != Comment.Status.PUBLISHED:
        return
    if not created and update_fields is not None and "status" not in update_fields:
        return
    record_notices(instance)


def unsubscribe_url(follow):
    return public_url(reverse("comments:unfollow_link", args=[follow.token]))


def answerer(answer):
    """Who answered, as the e-mail names them: the display name, and for the blog's answer
    the role and the mark the page shows."""
    name = str(display_name_of(answer.author))
    if answer.answer_role:
        return _("%(name)s, %(role)s (Answer from MR-bloggen)") % {
            "name": name, "role": answer.get_answer_role_display().lower(),
        }
    return name


def answer_message(answer, follow, address):
    """The e-mail (plain text and HTML) about `answer` to the follower of `follow`."""
    with translation.override(settings.LANGUAGE_CODE):
        url = unsubscribe_url(follow)
        title = " ".join(answer.post.title.split())  # a header holds no line break
        context = {
            "answerer": answerer(answer),
            "answer": answer,
            "followed": follow.comment,
            "post_title": title,
            "answer_url": public_url(reverse("comments:permalink", args=[answer.pk])),
            "following_url": public_url(reverse("comments:following")),
            "unsubscribe_url": url,
        }
        message = EmailMultiAlternatives(
            subject=_("New answer to your comment on MR-bloggen: %(title)s") % {"title": title},
            body=render_to_string("comments/following/email/answer.txt", context),
            to=[address],
            headers={
                # RFC 2369 and RFC 8058: the mail client's button POSTs here, no login needed.
                "List-Unsubscribe": f"<{url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(
            render_to_string("comments/following/email/answer.html", context), "text/html"
        )
    return message


def queue_stuck(now=None, grace=None):
    """The sweeper: the task again for each published answer with notices still PENDING
    `grace` seconds after they were written. Returns how many answers."""
    now = now or timezone.now()
    grace = settings.ANSWER_NOTICE_SWEEP_GRACE if grace is None else grace
    answers = list(
        AnswerNotice.objects.filter(
            status=AnswerNotice.Status.PENDING,
            created_at__lte=now - datetime.timedelta(seconds=grace),
            answer__status=Comment.Status.PUBLISHED, answer__post__live=True,
        ).order_by("answer_id").values_list("answer_id", flat=True).distinct()[:1000]
    )
    for pk in answers:
        enqueue_after_commit(send_answer_notices, pk)
    return len(answers)
