"""What screening found, the lists it checks against, and the moderators' settings."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from .rules import rule_choices


class Screening(models.Model):
    """The outcome of screening one comment: its risk orders the queue."""

    comment = models.OneToOneField(
        "comments.Comment", primary_key=True, related_name="screening", on_delete=models.CASCADE,
    )
    risk = models.FloatField(_("risk"), default=0.0, db_index=True)
    screened_at = models.DateTimeField(_("screened"), auto_now=True)

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")


class Finding(models.Model):
    """One rule a comment may break, why, and the words that made the check think so."""

    comment = models.ForeignKey(
        "comments.Comment", related_name="findings", on_delete=models.CASCADE,
    )
    rule = models.CharField(_("rule"), max_length=40, choices=rule_choices, db_index=True)
    reason = models.TextField(_("reason"))
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)
    score = models.FloatField(_("score"))

    class Meta:
        ordering = ["-score", "pk"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return f"{self.rule}: {self.reason}"


class ListedPhrase(models.Model):
    """A word, phrase or template the checks look for; officers edit the lists in the admin.

    The tone checks match the rude, hate and threat kinds; an exception cancels a hit
    inside it; a condemning word makes a quoted hit weigh less. The addressed check reads
    greetings, addressees, organisation words, demands, personal cases and contact
    requests; the topic check reads stop words and off-topic words. See
    moderation/checks/lists.py for the phrase syntax.
    """

    class Kind(models.TextChoices):
        RUDE = "rude", _("Rude or insulting (good tone)")
        HATE = "hate", _("Hate (no hate or threats)")
        THREAT = "threat", _("Threat (no hate or threats)")
        EXCEPTION = "exception", _("Innocent idiom or exception (cancels a hit inside it)")
        CONDEMN = "condemn", _("Condemning word (a quoted hit near it weighs less)")
        GREETING = "greeting", _("Greeting before an addressee (addressed elsewhere)")
        ADDRESSEE = "addressee", _("Generic addressee, e.g. the municipality (addressed elsewhere)")
        ORG_WORD = "orgword", _("Word that marks an organisation's name (addressed elsewhere)")
        DEMAND = "demand", _("Demand word near an organisation (addressed elsewhere)")
        CASE = "case", _("Personal case or customer-service request (addressed elsewhere)")
        CONTACT = "contact", _("Request to be contacted (addressed elsewhere)")
        STOP = "stop", _("Stop word, carries no topic (on topic)")
        OFFTOPIC = "offtopic", _("Off-topic word, e.g. football or weather (on topic)")

    phrase = models.CharField(
        _("word or phrase"), max_length=600,
        help_text=_("Matched at the start of words, after disguises are undone. End a word "
                    "with * to match any ending, begin it with * to match any beginning; "
                    "a|b|c matches any of the words; a_b is two words in one alternative; a "
                    "word ending in ? may be left out; ... stands for up to three other words."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    weight = models.FloatField(
        _("weight"), default=1.0,
        help_text=_("How much a hit adds to the finding's score. Not used by exceptions, "
                    "condemning words, stop words and off-topic words."),
    )

    # Screening asks whether the lists changed by the latest edit (checks/lists.py).
    updated = models.DateTimeField(_("changed"), auto_now=True)

    panels = [FieldPanel("phrase"), FieldPanel("kind"), FieldPanel("weight")]

    class Meta:
        ordering = ["kind", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["phrase", "kind"], name="listed_phrase_unique"),
        ]
        verbose_name = _("listed word or phrase")
        verbose_name_plural = _("listed words and phrases")

    def __str__(self):
        return self.phrase


class Organisation(models.Model):
    """An authority, region, municipality or company a comment may be addressed to."""

    class Kind(models.TextChoices):
        AUTHORITY = "authority", _("Authority")
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Municipality")
        COMPANY = "company", _("Company")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)

    panels = [FieldPanel("name"), FieldPanel("kind")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


@register_setting(icon="shield")
class ModerationSettings(BaseGenericSetting):
    trusted_mode = models.BooleanField(
        _("publish trusted comments at once"), default=False,
        help_text=_("A comment by an author with an earlier approved comment, on which no "
                    "check found anything, is published without waiting."),
    )
    spam_window_hours = models.PositiveIntegerField(_("spam window (hours)"), default=24)
    spam_min_repeats = models.PositiveIntegerField(
        _("near-duplicates that make spam"), default=4,
        help_text=_("How many near-duplicates within the window (the new one included)."),
    )
    spam_max_accounts = models.PositiveIntegerField(
        _("at most this many accounts"), default=3,
        help_text=_("Spam comes from one or a few accounts, each repeating itself."),
    )
    on_topic_threshold = models.FloatField(_("on-topic threshold"), default=0.12)
    link_limit = models.PositiveIntegerField(_("links before the spam score rises"), default=2)
    # The slow side of spam (moderation/checks/spam.py): drips, campaigns, the author.
    spam_long_window_days = models.PositiveIntegerField(
        _("long spam window (days)"), default=14,
        help_text=_("Slow drips and campaigns are counted over this many days."),
    )
    spam_long_min_repeats = models.PositiveIntegerField(
        _("near-duplicates that make spam in the long window"), default=5,
        help_text=_("How many near-duplicates within the long window (the new one included), "
                    "from one or a few accounts."),
    )
    spam_link_repeats = models.PositiveIntegerField(
        _("links to one site that make spam"), default=3,
        help_text=_("One account linking to the same site (URL shorteners count as one) this "
                    "many times within the long window, the new comment included. Allowed "
                    "sites never count."),
    )
    spam_campaign_accounts = models.PositiveIntegerField(
        _("new accounts that make a campaign"), default=4,
        help_text=_("This many new or nearly unused accounts linking to the same site within "
                    "the long window (the new one included) is spam. A link is required."),
    )
    spam_young_account_days = models.PositiveIntegerField(
        _("an account is new for (days)"), default=7,
        help_text=_("A comment from an account younger than this weighs more."),
    )
    spam_few_comments = models.PositiveIntegerField(
        _("an account is nearly unused with at most (comments)"), default=2,
        help_text=_("Comments within the long window, the new one included."),
    )
    spam_standing_days = models.PositiveIntegerField(
        _("remember rejections and spam marks for (days)"), default=30,
        help_text=_("An author with a comment rejected or marked as spam within this many "
                    "days weighs more, and is never published at once in trusted mode."),
    )
    shouting_share = models.FloatField(
        _("share of words in capitals that is shouting"), default=0.6,
        help_text=_("Words of four letters or more; short acronyms such as SKR or FN never "
                    "count. 0.6 means six words in ten."),
    )
    shouting_min_words = models.PositiveIntegerField(
        _("words in capitals before it is shouting"), default=3,
    )
    quoted_weight = models.FloatField(
        _("weight of a quoted hit next to condemnation"), default=0.25,
        help_text=_("A listed phrase inside quotes, in a comment with a condemning word "
                    "outside them, counts this share of its weight (0 to 1)."),
    )
    notice_interval_minutes = models.PositiveIntegerField(
        _("at most one notice to officers per (minutes)"), default=60,
    )
    # Time to decision (moderation/deadlines.py): office hours, Stockholm time.
    decision_target_hours = models.PositiveIntegerField(
        _("time to decision (office hours)"), default=8,
        help_text=_("Office hours on working days, Swedish public holidays off. "
                    "8 is one working day."),
    )
    decision_warning_hours = models.PositiveIntegerField(
        _("warn when this many office hours are left"), default=2,
    )
    office_opens = models.TimeField(_("office opens"), default=datetime.time(8, 0))
    office_closes = models.TimeField(_("office closes"), default=datetime.time(17, 0))

    panels = [
        FieldPanel("trusted_mode"),
        MultiFieldPanel(
            [FieldPanel("spam_window_hours"), FieldPanel("spam_min_repeats"),
             FieldPanel("spam_max_accounts"), FieldPanel("link_limit"),
             FieldPanel("spam_long_window_days"), FieldPanel("spam_long_min_repeats"),
             FieldPanel("spam_link_repeats"), FieldPanel("spam_campaign_accounts"),
             FieldPanel("spam_young_account_days"), FieldPanel("spam_few_comments"),
             FieldPanel("spam_standing_days")],
            heading=_("Spam"),
        ),
        MultiFieldPanel(
            [FieldPanel("shouting_share"), FieldPanel("shouting_min_words"),
             FieldPanel("quoted_weight")],
            heading=_("Word lists"),
        ),
        FieldPanel("on_topic_threshold"),
        FieldPanel("notice_interval_minutes"),
        MultiFieldPanel(
            [FieldPanel("decision_target_hours"), FieldPanel("decision_warning_hours"),
             FieldPanel("office_opens"), FieldPanel("office_closes")],
            heading=_("Time to decision"),
        ),
    ]

    class Meta:
        verbose_name = _("moderation settings")

    def clean(self):
        super().clean()
        if self.office_opens and self.office_closes and self.office_closes <= self.office_opens:
            raise ValidationError({"office_closes": _("The office must close after it opens.")})
        self.clean_spam()

    def clean_spam(self):
        errors = {}
        if self.spam_long_window_days is not None and self.spam_window_hours is not None \
                and self.spam_long_window_days * 24 < self.spam_window_hours:
            errors["spam_long_window_days"] = _("The long window must be at least as long as "
                                                "the spam window.")
        for name in ("spam_min_repeats", "spam_long_min_repeats", "spam_link_repeats",
                     "spam_campaign_accounts"):
            if getattr(self, name) is not None and getattr(self, name) < 2:
                errors[name] = _("At least 2: one comment alone is never spam.")
        if errors:
            raise ValidationError(errors)


class OfficerNotice(models.Model):
    """When information officers were last told that comments wait (tasks.notify_officers).

    One row of bookkeeping, apart from ModerationSettings: writing it is no edit of the
    editors' settings, so nothing that follows the settings (mrblogg/cache.py) reacts.
    """

    last_sent_at = models.DateTimeField(_("last notice sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice to officers")

    @classmethod
    def locked(cls):
        """The one row, locked until the transaction ends (made on first use)."""
        cls.objects.get_or_create(pk=1)
        return cls.objects.select_for_update().get(pk=1)


# --- The repeat-poster index (see moderation/checks/spam.py) -----------------------------


class Claim(models.Model):
    """An officer working on one comment for a few minutes (moderation/claims.py): others
    see who holds it, and their decisions on it are refused until it runs out."""

    comment = models.OneToOneField(
        "comments.Comment", primary_key=True, related_name="moderation_claim",
        on_delete=models.CASCADE,
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("officer"), related_name="+",
        on_delete=models.CASCADE,
    )
    expires_at = models.DateTimeField(_("claimed until"))

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")


class ScreeningModel(models.Model):
    """One trained version of the screening model (moderation/learning/): what it learnt
    from, how it scored on its held-out split, and the fitted classifiers themselves.
    Exactly one version is active; rolling back makes an earlier one active again."""

    class Trigger(models.TextChoices):
        INSTALL = "install", _("First use on a fresh install")
        SCHEDULE = "schedule", _("Nightly retraining")
        ADMIN = "admin", _("Retrained from the admin")

    version = models.PositiveIntegerField(_("version"), unique=True)
    created_at = models.DateTimeField(_("trained"), auto_now_add=True)
    trigger = models.CharField(_("trained by"), max_length=20, choices=Trigger.choices)
    corpus_size = models.PositiveIntegerField(_("comments from the shipped corpus"))
    decisions = models.PositiveIntegerField(_("officers' decisions"))
    inputs_hash = models.CharField(_("hash of the inputs"), max_length=64)
    seconds = models.FloatField(_("training time (seconds)"))
    metrics = models.JSONField(_("held-out precision and recall"), default=dict)
    thresholds = models.JSONField(_("thresholds per rule"), default=dict)
    # A pickle of moderation.learning.classifier.RuleModels: only ever written by the
    # training and read back from this table, never from anywhere else.
    pipeline = models.BinaryField(_("fitted model"))
    active = models.BooleanField(_("active"), default=False)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="one_active_screening_model",
            ),
        ]
        verbose_name = _("screening model")
        verbose_name_plural = _("screening models")

    def __str__(self):
        return f"v{self.version}"


# The public page "Så modererar vi" lives in its own module; imported here so Django finds it.
from .pages import ModerationReportPage  # noqa: E402, F401
from .spam_models import BandKey, CommentFingerprint, LinkDomain, LinkTarget  # noqa: E402, F401
