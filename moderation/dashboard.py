"""The officers' panel on the Wagtail dashboard: what waits, the longest wait, and the
decisions of the last weeks per rule (a chart with the same figures as a table).

Shown only to those who may moderate (comments.change_comment, as the queue). Three
queries, however long the queue: the waiting count, the oldest waiting comment, the
decisions of the weeks (moderation/statistics.py). Nothing personal: the oldest comment is
a link and a waiting time, not its text or author.
"""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from comments.models import Comment
from mrblogg import charts

from .rules import RULES
from .statistics import weekly_decisions

WEEKS = 8
QUEUE_URL_NAMES = ("wagtailsnippets_comments_comment:list", "wagtailsnippets_comments_comment:edit")
PERMISSION = "comments.change_comment"


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the queue's viewset not registered (it always is in the product)
        return ""


def weeks_chart(weeks):
    series = [charts.Series(_("Approved"), [w.approved for w in weeks]),
              charts.Series(_("Spam"), [w.spam for w in weeks])]
    series += [charts.Series(str(rule.public_text), [w.rejected_by_rule[rule.key] for w in weeks])
               for rule in RULES]
    return charts.bar_chart(
        chart_id="dashboard-decisions", stacked=True,
        categories=[_("week %(number)s") % {"number": w.number} for w in weeks],
        series=series,
        title=_("Decisions per week, the last %(weeks)s weeks") % {"weeks": len(weeks)},
        description=_("Stacked bars, one per week: approvals, spam and rejections per rule "
                      "cited. The same figures are in the table below the chart."),
        x_label=_("Week of the decision"), y_label=_("Decisions"),
    )


class ModerationPanel(Component):
    name = "moderation_panel"
    template_name = "moderation/dashboard_panel.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def render_html(self, parent_context=None):
        if not self.request.user.has_perm(PERMISSION):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        waiting = Comment.objects.filter(status=Comment.Status.PENDING)
        oldest = waiting.order_by("created_at", "pk").values("pk", "created_at").first()
        weeks = weekly_decisions(WEEKS)
        return {
            "waiting_count": waiting.count(),
            "queue_url": _url(QUEUE_URL_NAMES[0]),
            "oldest": oldest and {
                "url": _url(QUEUE_URL_NAMES[1], oldest["pk"]),
                "waited": timesince(oldest["created_at"], timezone.now()),
                "created_at": oldest["created_at"],
            },
            "weeks": weeks,
            "rule_rows": [(rule, [w.rejected_by_rule[rule.key] for w in weeks]) for rule in RULES],
            "chart": weeks_chart(weeks),
        }


@hooks.register("construct_homepage_panels")
def add_moderation_panel(request, panels):
    if request.user.has_perm(PERMISSION):
        panels.append(ModerationPanel(request))
