"""The admin URLs and log labels of readers' reports (moderation/reports.py). Imported from
ModerationConfig.ready (Wagtail's own wagtail_hooks.py is the queue's)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import report_views, reports


@hooks.register("register_admin_urls")
def report_urls():
    return [
        path("moderering/anmalda/", report_views.reported_list, name="moderation_reports"),
        path("moderering/anmalda/<int:pk>/behall/", report_views.keep,
             name="moderation_reports_keep"),
        path("moderering/anmalda/<int:pk>/avpublicera/", report_views.unpublish,
             name="moderation_reports_unpublish"),
    ]


@hooks.register("register_log_actions")
def report_log_actions(actions):
    actions.register_action(reports.KEEP, _("Keep reported comment"),
                            _("Reports dismissed, comment kept"))
    actions.register_action(reports.UNPUBLISH, _("Unpublish reported comment"),
                            _("Reported comment unpublished"))
