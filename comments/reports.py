"""Readers report a published comment that they think breaks a rule.

A report only tells the information officers: it hides and unpublishes nothing by itself
(moderation/reports.py is where an officer keeps or unpublishes the comment). One report per
reader and comment (a unique constraint), a rule from the published ones (comments/rules.py,
handed over by moderation), an optional note of plain text, and two rate limits
(mrblogg/ratelimit.py): per reader and per client network.
"""

import datetime

from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mrblogg import ratelimit, retention

from .models import Comment, Report
from .rules import published_rules
from .text import length, normalise


class ReportRefused(Exception):
    """A report that is not stored; `message` is shown to the reader."""

    def __init__(self, message, status=400):
        super().__init__(str(message))
        self.message = message
        self.status = status  # the HTTP status of the page that says so


ALREADY_REPORTED = _("You have already reported this comment. Thank you: an information "
                     "officer will look at it.")
OWN_COMMENT = _("You cannot report your own comment. You can delete it instead.")
NOT_PUBLISHED = _("This comment is not published, so it cannot be reported.")
RATE_LIMITED = _("You have sent many reports in a short time. Wait a while and try again.")
UNKNOWN_RULE = _("Choose one of our rules.")
NOT_VERIFIED = _("Confirm your e-mail address before you report a comment.")
THANK_YOU = _("Thank you for your report. An information officer will look at the comment "
              "and decide whether it breaks our rules. Until then it stays published.")


def reader_limit():
    return ratelimit.Limit.of("comment-report:reader", settings.COMMENT_REPORTS_RATE_LIMIT_READER)


def client_limit():
    return ratelimit.Limit.of("comment-report:client", settings.COMMENT_REPORTS_RATE_LIMIT_CLIENT)


def rule_choices():
    """(key, public wording) of the published rules, read now (the active language)."""
    rules = published_rules()
    return [(rule.key, str(rule.public_text)) for rule in rules.rules] if rules else []


class ReportForm(forms.Form):
    rule = forms.ChoiceField(
        label=_("Which of our rules does the comment break?"), choices=rule_choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the rule the comment breaks."),
                        "invalid_choice": UNKNOWN_RULE},
    )
    text = forms.CharField(
        label=_("Anything you want to add (optional)"), required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = settings.COMMENT_REPORTS_MAX_LENGTH
        self.fields["text"].help_text = _(
            "At most %(max)s characters. Only the information officers read it."
        ) % {"max": self.max_length}

    def clean_text(self):
        text = normalise(self.cleaned_data["text"])
        n = length(text)
        if n > self.max_length:
            raise forms.ValidationError(
                ngettext(
                    "Your text is %(n)s character long; at most %(max)s are allowed.",
                    "Your text is %(n)s characters long; at most %(max)s are allowed.",
                    n,
                ) % {"n": n, "max": self.max_length}
            )
        return text


def refusal_before_form(comment, reader):
    """Why `reader` may not report `comment` at all (a ReportRefused, shown instead of the
    form), or None."""
    if comment.status != Comment.Status.PUBLISHED:
        return ReportRefused(NOT_PUBLISHED, status=409)
    if comment.author_id == reader.pk:
        return ReportRefused(OWN_COMMENT, status=403)
    # As for commenting: an account that has not confirmed its address is cheap to make.
    if not EmailAddress.objects.filter(user=reader, verified=True).exists():
        return ReportRefused(NOT_VERIFIED, status=403)
    if Report.objects.filter(comment=comment, reporter=reader).exists():
        return ReportRefused(ALREADY_REPORTED, status=409)
    return None


def report_comment(*, comment, reporter, rule, text="", client="unknown"):
    """Store the report or raise ReportRefused. Both rate limits count every attempt that
    reaches here (refused ones too), so hammering keeps the door shut."""
    refusal = refusal_before_form(comment, reporter)
    if refusal:
        raise refusal
    if rule not in {key for key, _wording in rule_choices()}:
        raise ReportRefused(UNKNOWN_RULE)
    text = normalise(text or "")
    if length(text) > settings.COMMENT_REPORTS_MAX_LENGTH:
        raise ReportRefused(_("The text is longer than allowed."))
    within_reader = ratelimit.attempt(reader_limit(), str(reporter.pk))
    within_client = ratelimit.attempt(client_limit(), client)
    if not (within_reader and within_client):
        raise ReportRefused(RATE_LIMITED, status=429)
    try:
        with transaction.atomic():
            # Only a comment that is still published (an officer may have just rejected it).
            if not Comment.objects.published().filter(pk=comment.pk).exists():
                raise ReportRefused(NOT_PUBLISHED, status=409)
            return Report.objects.create(comment=comment, reporter=reporter, rule=rule, text=text)
    except IntegrityError:  # a second report, sent at the same moment as the first
        raise ReportRefused(ALREADY_REPORTED, status=409) from None


def reports_of(user):
    """The reader's own reports, as plain data (for "Download all your data")."""
    return [
        {
            "comment": report.comment.text,
            "post": report.comment.post.title,
            "rule": report.rule,
            "text": report.text,
            "reported": report.created_at.isoformat(),
            "handled": report.resolved_at.isoformat() if report.resolved_at else None,
        }
        for report in Report.objects.filter(reporter=user).select_related("comment__post")
    ]


def keep_period():
    return datetime.timedelta(days=settings.COMMENT_REPORTS_KEEP_DAYS)


def prune(now=None):
    """Delete reports handled more than keep_period() ago (`prune_comment_reports`).
    Open reports stay until an officer has handled them."""
    deleted, _by_model = Report.objects.filter(
        resolved_at__lt=retention.cutoff("comment_reports", now)
    ).delete()
    return deleted
