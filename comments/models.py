"""Comments on posts and the readers who write them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .names import validate_display_name


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

    def top_level(self):
        return self.filter(parent__isnull=True)

    def counting_toward_limit(self):
        """Comments that fill a post up: the published ones and those waiting for review."""
        return self.filter(status__in=[Comment.Status.PUBLISHED, Comment.Status.PENDING])


class AnswerRole(models.TextChoices):
    BLOGGER = "blogger", _("Blogger")
    OFFICER = "officer", _("Information officer")


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
    # Replies go one level deep (README, "Replies"): `parent` is always a top comment of the
    # same post. Deleting it deletes its replies: an answer without its question reads wrong.
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), related_name="replies",
        null=True, blank=True, on_delete=models.CASCADE,
    )
    # The comment a reply answers when that is itself a reply (the reply is still placed
    # under `parent`): "Svar till <name>". Empty for an answer to the top comment.
    answers = models.ForeignKey(
        "self", verbose_name=_("answers"), related_name="+",
        null=True, blank=True, on_delete=models.SET_NULL,
    )
    # Set only by comments/replies.py for an answer from the blog (a blogger who may edit the
    # post, or an information officer); never from anything a reader chose.
    answer_role = models.CharField(
        _("answers as"), max_length=16, choices=AnswerRole.choices, blank=True,
    )
    # Set by comments/editing.py: the author changed the text while it waited for review
    # (each earlier text is a CommentRevision), or deleted a comment that has replies (the
    # row is kept, without its text, so the replies keep their place).
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted by the author"), null=True, blank=True)

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

    @property
    def is_blog_answer(self):
        return bool(self.answer_role)

    def clean(self):
        """A reply answers a published top comment of the same post (comments/replies.py
        checks the same under the post's lock before storing one)."""
        parent = self.parent
        if parent is None:
            return
        if parent.parent_id is not None:
            raise ValidationError(_("A reply is placed under a top comment."))
        if parent.post_id != self.post_id or parent.status != Comment.Status.PUBLISHED:
            raise ValidationError(REPLY_REFUSED)


REPLY_REFUSED = _("The comment you want to reply to cannot be answered.")


class CommentRevision(models.Model):
    """An earlier text of a comment its author edited while it waited for review
    (comments/editing.py): the officer sees them on the comment's page in the queue.
    Deleted with the comment, and when the author deletes it."""

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), related_name="revisions", on_delete=models.CASCADE,
    )
    text = models.TextField(_("earlier text"))  # raw text, never HTML
    written_at = models.DateTimeField(_("written"))
    replaced_at = models.DateTimeField(_("replaced"), auto_now_add=True)

    class Meta:
        ordering = ["replaced_at", "pk"]
        verbose_name = _("earlier text of a comment")
        verbose_name_plural = _("earlier texts of comments")

    def __str__(self):
        return f"{self.comment_id}: {self.text[:60]}"


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
    display_name = models.CharField(
        _("display name"), max_length=60, validators=[validate_display_name],
    )
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

    comments_per_page = models.PositiveIntegerField(
        _("comments per page"), default=50, validators=[MinValueValidator(1)],
        help_text=_("A discussion with more top comments than this is split into pages."),
    )
    replies_shown = models.PositiveIntegerField(
        _("replies shown under a comment"), default=3,
        help_text=_("More replies than this fold behind \"Show more replies\"."),
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
        MultiFieldPanel(
            [FieldPanel("comments_per_page"), FieldPanel("replies_shown")],
            heading=_("Long discussions"),
        ),
    ]

    class Meta:
        verbose_name = _("comment settings")


from .following_models import AnswerNotice, Follow  # noqa: E402,F401  (models Django must find)
