"""The model page in the admin: the active version, its held-out figures per rule, the
versions to roll back to, and retraining on demand. Registered by
moderation/learning_hooks.py; every view needs the moderation permission
(comments.change_comment), and the two changes are POST with CSRF."""


from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mrblogg import ratelimit
from mrblogg.queueing import enqueue_after_commit

from ..models import ScreeningModel
from ..report_views import moderators_only
from ..rules import RULES
from . import store
from .tasks import retrain_screening_model

PAGE_URL_NAME = "moderation_screening_model"
# Retraining takes seconds of a worker: a few requests per officer and hour are plenty.
RETRAIN_LIMIT = ratelimit.Limit("screening-model:retrain", 6, 3600)
VERSIONS_SHOWN = 30


def rule_rows(row):
    """(rule, figures, threshold) for each published rule, figures None when not learnt."""
    figures = (row.metrics or {}).get("rules", {}) if row else {}
    thresholds = row.thresholds if row else {}
    return [(rule, figures.get(rule.key), thresholds.get(rule.key)) for rule in RULES]


@moderators_only
def model_page(request):
    versions = list(ScreeningModel.objects.defer("pipeline")[:VERSIONS_SHOWN])
    active = next((v for v in versions if v.active), None) or store.active_row()
    return TemplateResponse(request, "moderation/screening_model.html", {
        "active": active, "versions": versions, "rules": rule_rows(active),
    })


@moderators_only
@require_POST
def retrain(request):
    if not ratelimit.attempt(RETRAIN_LIMIT, str(request.user.pk)):
        messages.error(request, _("The model was retrained many times in the last hour; "
                                  "try again later."))
        return redirect(PAGE_URL_NAME)
    enqueue_after_commit(retrain_screening_model, ScreeningModel.Trigger.ADMIN)
    messages.success(request, _("Retraining is queued. A new version appears here when it "
                                "is done, if there is anything new to learn from."))
    return redirect(PAGE_URL_NAME)


@moderators_only
@require_POST
def activate(request, version):
    if store.activate(version):
        messages.success(request, _("Version %(version)s is the active model now.")
                         % {"version": version})
    else:
        messages.error(request, _("There is no version %(version)s.") % {"version": version})
    return redirect(PAGE_URL_NAME)
