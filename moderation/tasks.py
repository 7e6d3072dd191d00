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

from .models import ModerationSettings
from .rules import get_rule


@task()
def tell_author(comment_id, action):
    """E-mail the author that their comment was published or rejected (with the rule)."""
    from .actions import APPROVE, REJECT, last_decision

    comment = Comment.objects.select_related("post", "author").filter(pk=comment_id).first()
    if comment is None or not comment.author.email:
        return
    entry = last_decision(comment)
    expected = {APPROVE: Comment.Status.PUBLISHED, REJECT: Comment.Status.REJECTED}[action]
    if comment.status != expected or entry is None or entry.action != action:
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
        mod_settings = ModerationSettings.objects.select_for_update().filter(
            pk=ModerationSettings.load().pk
        ).get()
        waiting = Comment.objects.pending().count()
        if not waiting:
            return
        now = timezone.now()
        interval = datetime.timedelta(minutes=mod_settings.notice_interval_minutes)
        if mod_settings.last_notice_at and now - mod_settings.last_notice_at < interval:
            # Told recently: look again when the interval has passed (backends that can wait).
            enqueue_after_commit(notify_officers, run_after=mod_settings.last_notice_at + interval)
            return
        # A bookkeeping write, not an edit of the settings: update() sends no post_save, so
        # the page cache and the shared fragments (mrblogg/cache.py) are left alone.
        ModerationSettings.objects.filter(pk=mod_settings.pk).update(last_notice_at=now)
        recipients = list(officers().values_list("email", flat=True))
    if not recipients:
        return
    with translation.override("sv"):
        context = {"waiting": waiting,
                   "queue_url": public_url("/admin/snippets/comments/comment/")}
        subject = render_to_string("moderation/email/officer_subject.txt", context).strip()
        body = render_to_string("moderation/email/officer.txt", context)
    send_mail(subject, body, None, recipients)
