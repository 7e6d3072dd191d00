"""Comments on posts and the readers who write them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def visible_to(self, user):
        """Published comments, and the reader's own comments that wait for review."""
        if user is None or not user.is_authenticated:
            return self.published()
        return self.filter(
            Q(status=Comment.Status.PUBLISHED) | Q(status=Comment.Status.PENDING, author=user)
        )

    def counting_toward_limit(self):
        """Comments that fill a post up: the published ones and those waiting for review."""
        return self.filter(status__in=[Comment.Status.PUBLISHED, Comment.Status.PENDING])


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    post = models.ForeignKey(
        "blog.BlogPost", verbose_name=_("post"), related_name="comments",
        on_delete=models.CASCADE,
    )
    # Deleting an account deletes its comments (README: "Data that belongs to the reader").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), related_name="comments",
        on_delete=models.CASCADE,
    )
    # The raw text the reader wrote (NFC, "\n" line breaks). Never HTML: see rendering.py.
    text = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING,
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["post", "status", "created_at"], name="comment_post_status"),
            models.Index(fields=["author", "created_at"], name="comment_author_time"),
            models.Index(fields=["status", "created_at"], name="comment_status_time"),
            # The author's recent rejections and spam marks, read when screening (moderation).
            models.Index(fields=["author", "status", "created_at"],
                         name="comment_author_status_time"),
        ]

    def __str__(self):
        return f"{self.author_display_name}: {self.text[:60]}"

    @property
    def author_display_name(self):
        return display_name_of(self.author)


class Discussion(models.Model):
    """Whether an editor or an information officer has closed a post to new comments.

    One row per post, made the first time someone closes it; no row means open. Written only
    through comments/closure.py, which logs each change on the page.
    """

    post = models.OneToOneField(
        "blog.BlogPost", verbose_name=_("post"), related_name="discussion",
        on_delete=models.CASCADE,
    )
    closed = models.BooleanField(_("closed for comments"), default=False)
    closed_at = models.DateTimeField(_("time closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("closed by"), related_name="+",
        null=True, blank=True, on_delete=models.SET_NULL,
    )

    class Meta:
        verbose_name = _("discussion")
        verbose_name_plural = _("discussions")

    def __str__(self):
        return f"{self.post_id}: {'closed' if self.closed else 'open'}"

    @classmethod
    def closed_by_editor(cls, post_pk):
        return cls.objects.filter(post_id=post_pk, closed=True).exists()



class Report(models.Model):
    """A reader's report that a published comment breaks a rule. It hides nothing by itself:
    an information officer keeps the comment (the reports are dismissed) or unpublishes it
    (moderation/reports.py). Who reported is personal data: never shown, erased with the
    account, and a handled report is deleted after COMMENT_REPORTS_KEEP_DAYS."""

    class Outcome(models.TextChoices):
        KEPT = "kept", _("Comment kept")
        UNPUBLISHED = "unpublished", _("Comment unpublished")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), related_name="reports", on_delete=models.CASCADE,
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), related_name="comment_reports",
        on_delete=models.CASCADE,
    )
    rule = models.CharField(_("rule"), max_length=40)  # the key of a published rule
    text = models.TextField(_("the reader's note"), blank=True)  # raw text, never HTML
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), related_name="+",
        null=True, blank=True, on_delete=models.SET_NULL,
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_reader"),
        ]
        indexes = [models.Index(fields=["comment", "resolved_at"], name="report_comment_open")]

    def __str__(self):
        return f"{self.comment_id}: {self.rule}"


def display_name_of(user):
    profile = getattr(user, "reader_profile", None)
    if profile is not None:
        return profile.display_name
    return user.get_full_name() or _("A reader")


class ReaderProfile(models.Model):
    """What a reader shows of themselves: the display name beside their comments."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, related_name="reader_profile", on_delete=models.CASCADE,
    )
    display_name = models.CharField(_("display name"), max_length=60)
    commenting_suspended = models.BooleanField(_("suspended from commenting"), default=False)
    suspension_reason = models.TextField(_("reason for the suspension"), blank=True)

    class Meta:
        verbose_name = _("reader profile")
        verbose_name_plural = _("reader profiles")

    def __str__(self):
        return self.display_name


@register_setting(icon="comment")
class CommentSettings(BaseGenericSetting):
    """Limits on commenting that an editor changes without a deploy."""

    max_length = models.PositiveIntegerField(
        _("longest comment (characters)"), default=900,
    )
    rate_limit_count = models.PositiveIntegerField(
        _("comments per reader"), default=5,
        help_text=_("How many comments one reader may write within the period below."),
    )
    rate_limit_minutes = models.PositiveIntegerField(_("period (minutes)"), default=10)
    close_after_days = models.PositiveIntegerField(
        _("close posts after (days)"), null=True, blank=True,
        help_text=_("Posts older than this take no new comments. Empty: never."),
    )
    max_comments_per_post = models.PositiveIntegerField(
        _("most comments on a post"), null=True, blank=True, default=200,
        help_text=_("A post with this many comments takes no more. Empty: no limit."),
    )

    panels = [
        FieldPanel("max_length"),
        MultiFieldPanel(
            [FieldPanel("rate_limit_count"), FieldPanel("rate_limit_minutes")],
            heading=_("Rate limit"),
        ),
        MultiFieldPanel(
            [FieldPanel("close_after_days"), FieldPanel("max_comments_per_post")],
            heading=_("Closing posts"),
        ),
    ]

    class Meta:
        verbose_name = _("comment settings")
