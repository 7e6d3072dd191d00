"""The moderation queue's listing: comments by risk, with findings and author history."""

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet

from blog.models import BlogPost
from comments.models import Comment

from .rules import rule_choices


def author_count(status):
    counts = (
        Comment.objects.filter(author=OuterRef("author"), status=status)
        .order_by().values("author").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def queue_queryset():
    """Every comment with what the listing shows, in a fixed number of queries."""
    return (
        Comment.objects.select_related("post", "author__reader_profile", "screening")
        .prefetch_related("findings")
        .annotate(
            author_published=author_count(Comment.Status.PUBLISHED),
            author_rejected=author_count(Comment.Status.REJECTED),
            author_spam=author_count(Comment.Status.SPAM),
        )
        .order_by(Coalesce("screening__risk", Value(0.0)).desc(), "created_at", "pk")
    )


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


def risk_display(comment):
    screening = getattr(comment, "screening", None)
    return score_display(screening.risk if screening else 0)


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


def author_html(comment):
    return format_html(
        "{}<br><small>{}</small>",
        comment.author_display_name,
        _("approved %(a)s · rejected %(r)s · spam %(s)s") % {
            "a": comment.author_published, "r": comment.author_rejected, "s": comment.author_spam,
        },
    )


class QueueFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Comment.Status.choices, empty_label=_("All"),
    )
    post = django_filters.ModelChoiceFilter(
        label=_("Post"), queryset=BlogPost.objects.order_by("-date"),
    )
    rule = django_filters.ChoiceFilter(
        label=_("Rule"), choices=rule_choices, method="filter_rule", empty_label=_("All"),
    )
    author = django_filters.NumberFilter(label=_("Author (id)"), field_name="author_id")

    class Meta:
        model = Comment
        fields = ["status", "post", "rule", "author"]

    def filter_rule(self, queryset, name, value):
        return queryset.filter(findings__rule=value).distinct()
