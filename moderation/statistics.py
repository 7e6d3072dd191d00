"""The moderation figures we publish ("Så modererar vi") and show officers on the dashboard.

Only counts and times: nothing here names a person or quotes a comment.

Per calendar month (Stockholm time), counted by the month a comment was received: how many
came in, and where those comments stand now: published, rejected (and under which rules
the standing rejection cites; one rejection may cite several), spam, still waiting. The
median time to decision runs from a comment's arrival to the first officer's decision on
it (approve, reject or spam in the log); comments that screening published or marked as
spam by itself have no such decision and are left out of the median.

Per week (for the officers), counted by the week a decision was made: approvals, spam and
rejections per rule, leaving out decisions that were later undone.

Each figure comes from a fixed number of grouped queries, however many months or comments.
The monthly figures are kept in the fragment cache under the generation GENERATION, which
the receivers at the bottom renew whenever a comment or a decision changes.
"""

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import CharField, Count, OuterRef, Subquery
from django.db.models.functions import Cast, TruncMonth
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from wagtail.models import ModelLogEntry

from comments.models import Comment
from mrblogg import fragments

from .decisions import APPROVE, DECISIONS, REJECT, SPAM, UNDO
from .rules import RULE_KEYS

STOCKHOLM = ZoneInfo("Europe/Stockholm")
GENERATION = "moderation:statistics"


@dataclass(frozen=True)
class MonthFigures:
    month: datetime.date  # the first day of the month
    received: int = 0
    published: int = 0
    rejected: int = 0
    spam: int = 0
    waiting: int = 0
    rejected_by_rule: dict = field(default_factory=dict)  # rule key → rejections citing it
    median_hours: float | None = None  # None: no officer decision on this month's comments


@dataclass(frozen=True)
class WeekFigures:
    week: datetime.date  # the Monday
    approved: int = 0
    spam: int = 0
    rejected_by_rule: dict = field(default_factory=dict)

    @property
    def number(self):
        return self.week.isocalendar().week


def _local_midnight(day):
    return datetime.datetime.combine(day, datetime.time(), tzinfo=STOCKHOLM)


def _first_months(months, now):
    """The first days of the last `months` calendar months, oldest first (this one last)."""
    today = timezone.localtime(now or timezone.now(), STOCKHOLM).date()
    year, month = today.year, today.month
    firsts = []
    for _ in range(months):
        firsts.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _comment_entries():
    return ModelLogEntry.objects.filter(
        content_type__app_label="comments", content_type__model="comment",
    )


def _standing(entries):
    """{object id: the entry of the decision each object stands under}."""
    return {key: stack[-1] for key, stack in _decision_stacks(entries).items() if stack}


def _cited(entry):
    return [key for key in (entry.get("data") or {}).get("rules", []) if key in RULE_KEYS]


def _month_of(moment):
    local = timezone.localtime(moment, STOCKHOLM)
    return datetime.date(local.year, local.month, 1)


def _counts_by_status(since):
    rows = (
        Comment.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at", tzinfo=STOCKHOLM))
        .values("month", "status").annotate(n=Count("pk")).order_by()
    )
    counts = defaultdict(Counter)
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        counts[month.replace(day=1)][row["status"]] += row["n"]
    return counts


def _rules_by_month(since):
    rejected = dict(
        Comment.objects.filter(created_at__gte=since, status=Comment.Status.REJECTED)
        .values_list("pk", "created_at")
    )
    ids = (Comment.objects.filter(created_at__gte=since, status=Comment.Status.REJECTED)
           .annotate(key=Cast("pk", CharField())).values("key"))
    entries = (
        _comment_entries().filter(object_id__in=Subquery(ids),
                                  action__in=[*DECISIONS, UNDO])
        .order_by("timestamp", "pk").values("object_id", "action", "data")
    )
    by_month = defaultdict(Counter)
    for object_id, entry in _standing(entries).items():
        if entry["action"] == REJECT and int(object_id) in rejected:
            by_month[_month_of(rejected[int(object_id)])].update(_cited(entry))
    return by_month


def _medians_by_month(since):
    first = (
        _comment_entries().filter(object_id=Cast(OuterRef("pk"), CharField()),
                                  action__in=list(DECISIONS))
        .order_by("timestamp", "pk").values("timestamp")[:1]
    )
    rows = (
        Comment.objects.filter(created_at__gte=since)
        .annotate(decided_at=Subquery(first)).filter(decided_at__isnull=False)
        .values_list("created_at", "decided_at")
    )
    waits = defaultdict(list)
    for created_at, decided_at in rows:
        waits[_month_of(created_at)].append(max((decided_at - created_at).total_seconds(), 0))
    return {month: statistics.median(values) / 3600 for month, values in waits.items()}


def monthly_figures(months=12, now=None):
    """MonthFigures for the last `months` calendar months, oldest first: four queries."""
    firsts = _first_months(months, now)
    since = _local_midnight(firsts[0])
    counts, rules, medians = (_counts_by_status(since), _rules_by_month(since),
                              _medians_by_month(since))
    status = Comment.Status
    return [
        MonthFigures(
            month=first, received=sum(counts[first].values()),
            published=counts[first][status.PUBLISHED], rejected=counts[first][status.REJECTED],
            spam=counts[first][status.SPAM], waiting=counts[first][status.PENDING],
            rejected_by_rule={key: rules[first][key] for key in RULE_KEYS},
            median_hours=medians.get(first),
        )
        for first in firsts
    ]


def cached_monthly_figures(months=12):
    """monthly_figures from the fragment cache; a new month or a new decision renews it."""
    this_month = _first_months(1, None)[0].isoformat()
    return fragments.get_or_build(
        f"moderation:monthly:{months}:{this_month}", [GENERATION],
        lambda: monthly_figures(months),
    )


def weekly_decisions(weeks=8, now=None):
    """WeekFigures for the last `weeks` weeks (Monday to Sunday), oldest first: one query."""
    today = timezone.localtime(now or timezone.now(), STOCKHOLM).date()
    monday = today - datetime.timedelta(days=today.weekday())
    mondays = [monday - datetime.timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    entries = (
        _comment_entries().filter(timestamp__gte=_local_midnight(mondays[0]),
                                  action__in=[*DECISIONS, UNDO])
        .order_by("timestamp", "pk").values("object_id", "action", "data", "timestamp")
    )
    tallies = defaultdict(Counter)
    for stack in _decision_stacks(entries).values():
        for entry in stack:
            local = timezone.localtime(entry["timestamp"], STOCKHOLM).date()
            tally = tallies[local - datetime.timedelta(days=local.weekday())]
            tally[entry["action"]] += 1
            if entry["action"] == REJECT:
                tally.update(f"rule:{key}" for key in _cited(entry))
    return [
        WeekFigures(week=day, approved=tallies[day][APPROVE], spam=tallies[day][SPAM],
                    rejected_by_rule={key: tallies[day][f"rule:{key}"] for key in RULE_KEYS})
        for day in mondays
    ]


def _decision_stacks(entries):
    """{object id: its decisions that still stand}: an undo takes back the one before it."""
    stacks = defaultdict(list)
    for entry in entries:
        if entry["action"] == UNDO:
            if stacks[entry["object_id"]]:
                stacks[entry["object_id"]].pop()
        else:
            stacks[entry["object_id"]].append(entry)
    return stacks


def renew(**kwargs):
    fragments.bump(GENERATION)


@receiver(post_save, sender=ModelLogEntry, dispatch_uid="moderation_statistics_decision")
def _decision_logged(sender, instance, **kwargs):
    if instance.action in DECISIONS or instance.action == UNDO:
        renew()


# A comment received, re-screened or erased changes the figures as much as a decision.
post_save.connect(renew, sender=Comment, dispatch_uid="moderation_statistics_comment")
post_delete.connect(renew, sender=Comment, dispatch_uid="moderation_statistics_comment_gone")
