"""Background work of moderation: telling authors and officers. Every task is idempotent
and takes primary keys."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task

from comments.models import Comment
from mrblogg.addresses import public_url
from mrblogg.queueing import enqueue_after_commit

from . import deadlines
from .decisions import APPROVE, DECISIONS, last_decision
from .models import ModerationSettings, OfficerNotice
from .rules import get_rule


@task()
def tell_author(comment_id, action):
    """E-mail the author that their comment was published or rejected (with the rule)."""
    comment = Comment.objects.select_related("post", "author").filter(pk=comment_id).first()
    if comment is None or not comment.author.email:
        return
    entry = last_decision(comment)
    if comment.status != DECISIONS[action] or entry is None or entry.action != action:
        return  # undone or changed since: say nothing
    with translation.override("sv"):
        rules = [get_rule(k) for k in entry.data.get("rules", [])]
        context = {"comment": comment, "rules": rules, "note": entry.data.get("note", ""),
                   "post_url": public_url(comment.post.url or "/"), "published": action == APPROVE}
        subject = render_to_string("moderation/email/decision_subject.txt", context).strip()
        body = render_to_string("moderation/email/decision.txt", context)
    send_mail(subject, body, None, [comment.author.email])


def officers():
    User = get_user_model()
    return User.objects.filter(
        groups__name=settings.MODERATION_OFFICER_GROUP, is_active=True,
    ).exclude(email="").distinct()


@task()
def notify_officers():
    """Tell information officers that comments wait: at most one e-mail per interval."""
    with transaction.atomic():
        notice = OfficerNotice.locked()
        waiting = Comment.objects.pending().count()
        if not waiting:
            return
        now = timezone.now()
        moderation_settings = ModerationSettings.load()
        interval = datetime.timedelta(minutes=moderation_settings.notice_interval_minutes)
        if notice.last_sent_at and now - notice.last_sent_at < interval:
            # Told recently: look again when the interval has passed (backends that can wait).
            enqueue_after_commit(notify_officers, run_after=notice.last_sent_at + interval)
            return
        notice.last_sent_at = now
        notice.save(update_fields=["last_sent_at"])
        recipients = list(officers().values_list("email", flat=True))
    if not recipients:
        return
    with translation.override("sv"):
        context = {"waiting": waiting, **against_target(now, moderation_settings),
                   "queue_url": public_url("/admin/snippets/comments/comment/")}
        subject = render_to_string("moderation/email/officer_subject.txt", context).strip()
        body = render_to_string("moderation/email/officer.txt", context)
    send_mail(subject, body, None, recipients)


def against_target(now, moderation_settings):
    """How many waiting comments are close to the time to decision and how many past it."""
    soon_cutoff, overdue_cutoff = deadlines.cutoffs(now, moderation_settings)
    waiting = Comment.objects.pending()
    overdue = waiting.filter(created_at__lte=overdue_cutoff).count()
    return {
        "overdue": overdue,
        "soon": waiting.filter(created_at__lte=soon_cutoff).count() - overdue,
        "target_hours": moderation_settings.decision_target_hours,
    }
