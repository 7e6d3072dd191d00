"""Told when answered: what a reader follows, and one notice per (answer, reader).

Imported by comments/models.py, so Django finds the models; written only through
comments/following.py and sent only by comments/notify.py.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_token():
    """43 URL-safe characters (256 random bits): the follow's one-click unsubscribe key."""
    return secrets.token_urlsafe(32)


class Follow(models.Model):
    """A reader asked to be told by e-mail when their comment gets an answer. Deleted when
    they stop following (the page or the one-click link), with the comment or the account."""

    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), related_name="comment_follows",
        on_delete=models.CASCADE,
    )
    comment = models.ForeignKey(
        "comments.Comment", verbose_name=_("comment"), related_name="follows",
        on_delete=models.CASCADE,
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("followed comment")
        verbose_name_plural = _("followed comments")
        constraints = [
            models.UniqueConstraint(fields=["reader", "comment"], name="follow_once_per_reader"),
        ]

    def __str__(self):
        return f"{self.reader_id} follows {self.comment_id}"


class AnswerNotice(models.Model):
    """One e-mail to one follower about one published answer. Written in the transaction that
    publishes the answer (unique per answer and reader, so a second publication adds
    nothing), handed to the outbox by comments/notify.py in one transaction with the outbox's
    row (QUEUED), or SKIPPED when the reader no longer follows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the worker")
        QUEUED = "queued", _("Handed to the outbox")
        SKIPPED = "skipped", _("Not sent")

    answer = models.ForeignKey(
        "comments.Comment", verbose_name=_("answer"), related_name="answer_notices",
        on_delete=models.CASCADE,
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reader"), related_name="answer_notices",
        on_delete=models.CASCADE,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    queued_at = models.DateTimeField(_("handed to the outbox"), null=True, blank=True)
    # The outbox's row (mrblogg/outbox.py): marked sent there the moment the server accepts it.
    # Emptied when the outbox purges its sent mail.
    outgoing = models.ForeignKey(
        "mrblogg.OutgoingEmail", verbose_name=_("e-mail"), related_name="+",
        null=True, blank=True, on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("answer notice")
        verbose_name_plural = _("answer notices")
        constraints = [
            models.UniqueConstraint(fields=["answer", "reader"], name="notice_once_per_answer"),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="notice_status_time")]

    def __str__(self):
        return f"{self.answer_id} → {self.reader_id}: {self.status}"
