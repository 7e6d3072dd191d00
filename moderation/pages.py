""""Så modererar vi": the public page with the moderation figures of the last twelve months.

Editors choose to create and publish it under the blog index (BLOG_INDEX_CHILD_PAGE_TYPES);
they write the intro, the figures come from moderation/statistics.py. The charts are SVG
drawn on the server (mrblogg/charts.py) and every figure is in the tables as well.
"""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from blog.blocks import RICH_TEXT_FEATURES
from blog.forms import PageForm
from blog.models import InBlogMixin
from mrblogg import charts

from .rules import RULES
from .statistics import cached_monthly_figures

MONTHS = 12


def month_label(month):
    """"jan\n2026": two lines under a bar (Swedish writes months in lower case)."""
    return f"{formats.date_format(month, 'b')}\n{month.year}"


def outcome_chart(figures):
    categories = [month_label(f.month) for f in figures]
    series = [
        charts.Series(_("Published comments"), [f.published for f in figures]),
        charts.Series(_("Rejected comments"), [f.rejected for f in figures]),
        charts.Series(_("Spam"), [f.spam for f in figures]),
        charts.Series(_("Waiting comments"), [f.waiting for f in figures]),
    ]
    return charts.bar_chart(
        chart_id="report-outcomes", stacked=True, categories=categories, series=series,
        title=_("Comments received per month, by where they stand now"),
        description=_("Stacked bars, one per month: published, rejected, spam and waiting "
                      "comments; the number above each bar is the comments received. "
                      "The same figures are in the table below."),
        x_label=_("Month the comment was received"), y_label=_("Comments"),
    )


def rules_chart(figures):
    categories = [month_label(f.month) for f in figures]
    series = [charts.Series(str(rule.public_text), [f.rejected_by_rule[rule.key] for f in figures])
              for rule in RULES]
    return charts.bar_chart(
        chart_id="report-rules", stacked=True, categories=categories, series=series,
        title=_("Rejections per rule and month"),
        description=_("Stacked bars, one per month, one part per rule cited. A rejection "
                      "may cite several rules. The same figures are in the table below."),
        x_label=_("Month the comment was received"), y_label=_("Rules cited"),
    )


def median_chart(figures):
    return charts.line_chart(
        chart_id="report-median",
        categories=[month_label(f.month) for f in figures],
        series=[charts.Series(_("Median time to decision"), [f.median_hours for f in figures])],
        title=_("Median time to decision per month, in hours"),
        description=_("A line over the months; a month without any decision has no point. "
                      "The same figures are in the table below."),
        x_label=_("Month the comment was received"), y_label=_("Hours"),
    )


class ModerationReportPage(InBlogMixin, Page):
    """"Så modererar vi": how comments were moderated, month by month, without personal data."""

    intro = RichTextField(
        gettext_lazy("intro"), features=RICH_TEXT_FEATURES, blank=True,
        help_text=gettext_lazy("Shown above the figures, which are filled in by themselves."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    max_count = 1
    template = "moderation/moderation_report_page.html"
    base_form_class = PageForm

    class Meta:
        verbose_name = gettext_lazy("moderation report")
        verbose_name_plural = gettext_lazy("moderation reports")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        figures = cached_monthly_figures(MONTHS)
        context.update(
            figures=figures, rules=RULES,
            rule_rows=[(rule, [f.rejected_by_rule[rule.key] for f in figures]) for rule in RULES],
            outcome_chart=outcome_chart(figures), rules_chart=rules_chart(figures),
            median_chart=median_chart(figures),
        )
        return context
