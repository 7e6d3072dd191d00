"""`{% report_row comment %}`: a reported comment's reports and the officer's two answers
(templates/moderation/includes/report_row.html). `comment` comes from
moderation.reports.reported_queryset (its open reports prefetched: no query here)."""

from django import template

from ..reports import rule_summary, rule_wording
from ..rules import rule_choices

register = template.Library()


@register.inclusion_tag("moderation/includes/report_row.html", takes_context=True)
def report_row(context, comment, next_url=""):
    open_reports = comment.open_reports
    cited = {report.rule for report in open_reports}
    return {
        "comment": comment,
        "csrf_token": context.get("csrf_token"),
        "next_url": next_url,
        "count": len(open_reports),
        "summary": rule_summary(open_reports),
        "reports": [(report, rule_wording(report.rule)) for report in open_reports],
        "up_to": max((report.pk for report in open_reports), default=0),
        # The rules the reports cite are ticked; the officer may change them.
        "rules": [(key, wording, key in cited) for key, wording in rule_choices()],
    }
