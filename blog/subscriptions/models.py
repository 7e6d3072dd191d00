"""Subscribers, the mailing of each post, one delivery per (subscriber, post), rate-limit hits."""

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SubscriberQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Subscriber.Status.PENDING)

    def confirmed(self):
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def unsubscribed(self):
        return self.filter(status=Subscriber.Status.UNSUBSCRIBED)


class Subscriber(models.Model):
    """One e-mail address and where it stands in the double opt-in."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("subscribing")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PENDING,
    )
    created_at = models.DateTimeField(_("first subscribed"), default=timezone.now)
    # When the current opt-in began; confirmation links name it, so a link from an
    # earlier opt-in cannot confirm a later one.
    requested_at = models.DateTimeField(_("asked to subscribe"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_text = models.TextField(_("consent wording"), blank=True)
    consent_network = models.CharField(
        _("network of the consenting address"),
        max_length=64,
        blank=True,
        help_text=_("The network (/24 or /48) the consent came from, not the full address."),
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status", "id"], name="subscriber_status_id")]

    def __str__(self):
        return self.email


class MailingQuerySet(models.QuerySet):
    def with_counts(self):
        """Each mailing with how many of its deliveries were sent, failed and are pending."""
        d = "post__subscription_deliveries__status"
        return self.annotate(
            sent_count=Count(
                "post__subscription_deliveries", filter=Q(**{d: Delivery.Status.SENT})
            ),
            failed_count=Count(
                "post__subscription_deliveries", filter=Q(**{d: Delivery.Status.FAILED})
            ),
            pending_count=Count(
                "post__subscription_deliveries",
                filter=Q(**{f"{d}__in": [Delivery.Status.PENDING, Delivery.Status.SENDING]}),
            ),
        )


class Mailing(models.Model):
    """A post's announcement to subscribers; exists once per post, made on first publication."""

    post = models.OneToOneField(
        "blog.BlogPost",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="subscription_mailing",
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    fanned_out_at = models.DateTimeField(_("all deliveries created"), null=True, blank=True)
    # When a batch last ran: the sweeper tells a stalled chain (its worker died) by it.
    last_batch_at = models.DateTimeField(_("last batch"), null=True, blank=True)
    # Batches in a row that could not reach the mail server: the back-off of the next one.
    connection_failures = models.PositiveIntegerField(
        _("failed connections in a row"), default=0
    )

    objects = MailingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")

    def __str__(self):
        return str(self.post)


class Delivery(models.Model):
    """One post to one subscriber. Unique per (subscriber, post): a post reaches a subscriber
    at most once however often the tasks run. The subscriber is set to NULL when they are
    deleted, so the counts per post survive without any personal data."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    subscriber = models.ForeignKey(
        Subscriber,
        verbose_name=_("subscriber"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deliveries",
    )
    post = models.ForeignKey(
        "blog.BlogPost",
        verbose_name=_("post"),
        on_delete=models.CASCADE,
        related_name="subscription_deliveries",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    failure_reason = models.TextField(_("reason for failure"), blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "post"],
                name="delivery_once_per_subscriber_and_post",
            ),
        ]
        indexes = [
            models.Index(fields=["post", "status", "next_attempt_at"], name="delivery_due"),
            models.Index(fields=["claim"], name="delivery_claim"),
        ]
