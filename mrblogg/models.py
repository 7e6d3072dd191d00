"""The project's own rows: the e-mail outbox (mrblogg/outbox.py) and its retention setting,
and the rate-limit counters (mrblogg/ratelimit.py)."""

import base64
import pickle

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class OutgoingEmailQuerySet(models.QuerySet):
    def queued(self):
        return self.filter(status=OutgoingEmail.Status.QUEUED)

    def due(self, now=None):
        """Queued, its next attempt due, and no worker holding it."""
        now = now or timezone.now()
        return self.queued().filter(next_attempt_at__lte=now).filter(
            models.Q(claimed_until__isnull=True) | models.Q(claimed_until__lt=now)
        )


class OutgoingEmail(models.Model):
    """One e-mail on its way out: stored in the same transaction as whatever caused it,
    handed to the mail server by the task worker, retried until the server takes it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)
    # The whole EmailMessage (attachments, headers, alternatives), pickled by this program
    # and read back only by it. Emptied once the server has it: it holds contact texts,
    # registrants' data and password-reset links, which must not outlive their purpose.
    message_data = models.TextField(editable=False)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    # A worker sending it holds it until then; a worker that died lets go when it passes.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.subject} → {self.recipients}"

    @classmethod
    def of(cls, message):
        message.connection = None  # a live SMTP connection is not part of the message
        return cls(
            subject=str(message.subject)[:255],
            recipients=", ".join(message.recipients())[:2000],
            message_data=base64.b64encode(pickle.dumps(message)).decode("ascii"),
        )

    def message(self):
        return pickle.loads(base64.b64decode(self.message_data))  # noqa: S301 (our own rows)


class RateLimitCounter(models.Model):
    """Attempts counted for one key in one window of one limit (mrblogg/ratelimit.py).
    `key` is an HMAC of the scope and the counted value, never an address."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "key", "window_start"], name="ratelimit_one_counter_per_window"
            ),
        ]
        indexes = [models.Index(fields=["window_start"], name="ratelimit_window_start")]

    def __str__(self):
        return f"{self.scope} {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


@register_setting(icon="mail")
class MailSettings(BaseGenericSetting):
    """How long the outbox keeps a record of what it sent (mrblogg/outbox.py `purge`).

    Here in the kernel, beside the outbox it governs, so the purge needs no app; generic
    rather than per site, like the blog's own settings: one blog, and the purge runs in the
    worker, where there is no request to pick a site from."""

    outbox_retention_days = models.PositiveIntegerField(
        _("keep sent e-mail (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "Sent and failed e-mails are deleted from the outbox after this many days. The "
            "text of an e-mail is removed as soon as it is sent; only the subject, the "
            "recipients and the times are kept until then."
        ),
    )

    panels = [FieldPanel("outbox_retention_days")]

    class Meta:
        verbose_name = _("e-mail settings")
