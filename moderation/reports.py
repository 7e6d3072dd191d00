"""Readers' reports in the moderation: the reported comments, and the officer's two answers.

A report never changes a comment by itself (comments/reports.py). An officer either keeps the
comment (its open reports are dismissed) or unpublishes it citing the rules (the comment is
rejected through moderation.actions, so the author is told as on any rejection, and the
reports are resolved). Both lock the comment's row (select_for_update) so that two officers
cannot both decide: the second is refused with a message that says why.
"""

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log

from comments.models import Comment, Report

from . import actions
from .rules import RULE_KEYS, get_rule

KEEP = "moderation.reports_kept"
UNPUBLISH = "moderation.reports_unpublished"

ALREADY_HANDLED = _("Another information officer has already handled the reports on this "
                    "comment. Nothing was changed.")
NOT_PUBLISHED = _("The comment is no longer published, so it was not changed.")
NO_RULE = _("Choose at least one rule.")


class ReportError(Exception):
    """A decision on reports that was refused; `message` is shown to the officer."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


OPEN = Q(reports__resolved_at__isnull=True)


def open_reports():
    return Report.objects.filter(resolved_at__isnull=True).order_by("created_at", "pk")


def reported_queryset(comments=None):
    """Published comments with open reports, the most reported first, then the one reported
    longest ago. Each has `open_report_count`, `first_reported_at` and `open_reports` (a
    list, prefetched): two queries however many comments and reports. `comments` narrows
    it (the queue passes its own queryset, with what a row shows)."""
    comments = Comment.objects.all() if comments is None else comments
    return (
        comments.filter(status=Comment.Status.PUBLISHED)
        .annotate(
            open_report_count=Count("reports", filter=OPEN),
            first_reported_at=Min("reports__created_at", filter=OPEN),
        )
        .filter(open_report_count__gt=0)
        .select_related("post", "author__reader_profile")
        .prefetch_related(Prefetch("reports", queryset=open_reports(), to_attr="open_reports"))
        .order_by("-open_report_count", "first_reported_at", "pk")
    )


def reported_count():
    """How many comments wait in "Anmälda" (for a tab or a menu count): one query."""
    return Comment.objects.published().filter(
        Exists(open_reports().filter(comment=OuterRef("pk")))
    ).count()


def rule_summary(reports):
    """[(the rule's public wording, how many reports cite it)], most cited first."""
    counts = {}
    for report in reports:
        counts[report.rule] = counts.get(report.rule, 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(rule_wording(key), n) for key, n in ordered]


def rule_wording(key):
    return str(get_rule(key).public_text) if key in RULE_KEYS else key


def _resolve(locked, officer, outcome, up_to=None):
    reports = Report.objects.filter(comment=locked, resolved_at__isnull=True)
    if up_to is not None:
        # Only the reports the officer saw: one sent after the page was drawn stays open.
        reports = reports.filter(pk__lte=up_to)
    return reports.update(resolved_at=timezone.now(), resolved_by=officer, outcome=outcome)


def _locked_published(comment):
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.status != Comment.Status.PUBLISHED:
        raise ReportError(NOT_PUBLISHED)
    return locked


def keep(comment, officer, up_to=None):
    """The comment stays published; its open reports (those up to the pk `up_to`, the newest
    the officer saw, if given) are dismissed. Returns how many were dismissed."""
    with transaction.atomic():
        locked = _locked_published(comment)
        dismissed = _resolve(locked, officer, Report.Outcome.KEPT, up_to)
        if not dismissed:
            raise ReportError(ALREADY_HANDLED)
        log(instance=locked, action=KEEP, user=officer, data={"reports": dismissed})
    return dismissed


def unpublish(comment, officer, rules, note=""):
    """The comment becomes rejected citing `rules` (the author is told, as on a rejection);
    every open report on it is resolved. Returns how many."""
    rules = [rule for rule in rules if rule in RULE_KEYS]
    if not rules:
        raise ReportError(NO_RULE)
    with transaction.atomic():
        locked = _locked_published(comment)
        if not Report.objects.filter(comment=locked, resolved_at__isnull=True).exists():
            raise ReportError(ALREADY_HANDLED)
        actions.reject(locked, officer, rules, note)
        resolved = _resolve(locked, officer, Report.Outcome.UNPUBLISHED)
        log(instance=locked, action=UNPUBLISH, user=officer,
            data={"reports": resolved, "rules": rules, "note": note})
    comment.status = locked.status
    return resolved
