"""The moderation queue's listing: its tabs, each tab's comments with everything a row shows
(post, author and their history, findings with evidence marked, waiting time, claim), in a
number of queries that does not grow with the rows."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Callable

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Prefetch, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.utils import get_user_display_name
from wagtail.models import ModelLogEntry

from blog.models import BlogPost
from comments.models import Comment

from . import claims, decisions
from .rules import rule_choices

RECENT_BY_AUTHOR = 5  # an author's latest comments, shown one click away in the row


def queue_queryset():
    """Every comment with what a row shows but its author's counts and its last decision,
    which add_history reads for one page's rows only (as annotations they would be worked
    out for every waiting comment before the page is cut from them)."""
    recent = Comment.objects.order_by("-created_at", "-pk")[:RECENT_BY_AUTHOR]
    return (
        Comment.objects.select_related(
            "post", "author__reader_profile", "screening", "moderation_claim__officer",
        )
        .prefetch_related(
            "findings", Prefetch("author__comments", queryset=recent, to_attr="recent_comments"),
        )
        .order_by(Coalesce("screening__risk", Value(0.0)).desc(), "created_at", "pk")
    )


def add_history(comments):
    """Give each comment its author's published / rejected / spam counts and the action of
    its latest decision or undo in the log (None: no officer decided), in two queries."""
    counts = {}
    for row in (Comment.objects.filter(author_id__in={c.author_id for c in comments})
                .order_by().values("author_id", "status").annotate(n=Count("pk"))):
        counts[row["author_id"], row["status"]] = row["n"]
    last = {}
    for object_id, action in ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id__in=[str(c.pk) for c in comments],
        action__in=list(decisions.DECISIONS) + [decisions.UNDO],
    ).order_by("timestamp", "pk").values_list("object_id", "action"):
        last[object_id] = action
    for comment in comments:
        comment.author_published = counts.get((comment.author_id, Comment.Status.PUBLISHED), 0)
        comment.author_rejected = counts.get((comment.author_id, Comment.Status.REJECTED), 0)
        comment.author_spam = counts.get((comment.author_id, Comment.Status.SPAM), 0)
        comment.last_action = last.get(str(comment.pk))
    return comments


def _decided(status):
    """A tab of decided comments: newest decision first."""
    return lambda: queue_queryset().filter(status=status).order_by(
        F("status_changed_at").desc(nulls_last=True), "-created_at", "-pk",
    )


@dataclass(frozen=True)
class Tab:
    key: str  # the value of ?flik=
    label: str
    queryset: Callable


_tab = pgettext_lazy  # the tabs' labels, apart from the statuses' own (singular) names

TABS = [
    # Riskiest first, then oldest (queue_queryset's order).
    Tab("vantar", _tab("queue tab", "Waiting"),
        lambda: queue_queryset().filter(status=Comment.Status.PENDING)),
    # Q2: the lead wires moderation.reports.reported_queryset() here.
    Tab("anmalda", _tab("queue tab", "Reported"), lambda: Comment.objects.none()),
    Tab("publicerade", _tab("queue tab", "Published"), _decided(Comment.Status.PUBLISHED)),
    Tab("avvisade", _tab("queue tab", "Rejected"), _decided(Comment.Status.REJECTED)),
    Tab("spam", _tab("queue tab", "Spam"), _decided(Comment.Status.SPAM)),
]
TAB_BY_KEY = {tab.key: tab for tab in TABS}
DEFAULT_TAB = TABS[0]


def tab_for(key):
    """The tab a ?flik= value names; anything else (missing, forged) is Väntar."""
    return TAB_BY_KEY.get(key, DEFAULT_TAB)


def tab_counts():
    return {tab.key: tab.queryset().order_by().count() for tab in TABS}


def waiting_count():
    return DEFAULT_TAB.queryset().order_by().count()


# --- What a row shows --------------------------------------------------------------------


def highlighted_text(comment):
    """The comment escaped, with each finding's evidence marked."""
    html = escape(comment.text)
    for finding in comment.findings.all():
        for piece in {p.strip() for p in finding.evidence.split(",") if p.strip()}:
            escaped = str(escape(piece))
            if escaped and escaped in html:
                html = html.replace(escaped, f"<mark>{escaped}</mark>")
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 — built from escaped text


def score_display(value):
    """A risk or a score as the officer reads numbers: rounded to two decimals, written
    the active language's way (Swedish: "3,74"); the templates use floatformat alike."""
    return floatformat(value or 0, 2)


def findings_html(comment):
    findings = comment.findings.all()
    if not findings:
        return _("No findings")
    return format_html(
        "<ul class='findings'>{}</ul>",
        format_html_join(
            "", "<li><strong>{}</strong>: {} <em>({})</em></li>",
            ((f.get_rule_display(), f.reason, score_display(f.score)) for f in findings),
        ),
    )


def waited_display(since, now):
    """How long a comment has waited, short: "väntat 12 min", "väntat 3 h", "väntat 2 d"."""
    waited = max(now - since, timedelta(0))
    if waited < timedelta(hours=1):
        return _g("waited %(n)s min") % {"n": int(waited.total_seconds() // 60)}
    if waited < timedelta(days=2):
        return _g("waited %(n)s h") % {"n": int(waited.total_seconds() // 3600)}
    return _g("waited %(n)s d") % {"n": waited.days}


@dataclass
class Row:
    """What the row template reads beside the comment itself."""

    urls: dict
    rules: list  # (key, label, pre-ticked: a check found it) for the reject form
    holder_name: str  # the other officer holding a live claim, or ""
    can_undo: bool
    waited: str
    text_html: str
    findings_html: str


def decorate(comments, user, url_for, now=None):
    """Give each comment of a page its `row` (no queries: everything was selected)."""
    now = now or timezone.now()
    choices = list(rule_choices())
    add_history(comments)
    for comment in comments:
        found = {f.rule for f in comment.findings.all()}
        holder = claims.other_holder(claims.claim_of(comment), user, now)
        comment.row = Row(
            urls={name: url_for(name, comment.pk) for name in
                  ("edit", "history", "approve", "reject", "spam", "undo")},
            rules=[(key, label, key in found) for key, label in choices],
            holder_name=get_user_display_name(holder) if holder else "",
            can_undo=comment.last_action not in (None, decisions.UNDO),
            waited=waited_display(comment.created_at, now),
            text_html=highlighted_text(comment),
            findings_html=findings_html(comment),
        )
    return comments


class QueueFilterSet(WagtailFilterSet):
    # The tab, kept when the filters change (the tabs themselves are links).
    flik = django_filters.CharFilter(widget=forms.HiddenInput, method="keep_tab", label=_("Tab"))
    post = django_filters.ModelChoiceFilter(
        label=_("Post"), queryset=BlogPost.objects.order_by("-date"),
    )
    rule = django_filters.ChoiceFilter(
        label=_("Rule"), choices=rule_choices, method="filter_rule", empty_label=_("All"),
    )
    author = django_filters.NumberFilter(label=_("Author (id)"), field_name="author_id")

    class Meta:
        model = Comment
        fields = ["flik", "post", "rule", "author"]

    def keep_tab(self, queryset, name, value):
        return queryset  # the view picks the tab's queryset (queue.tab_for)

    def filter_rule(self, queryset, name, value):
        return queryset.filter(findings__rule=value).distinct()
