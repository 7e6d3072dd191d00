"""The record's admin URL: the evidence export of one comment (moderation/evidence.py).

Registered apart from the queue's viewset (moderation/wagtail_hooks.py); imported from
moderation/apps.py ready(). Wagtail's admin wrapper sends anyone not logged in to the login
page; anyone without the moderation permission (comments.change_comment, the queue's
ModerationPermissionPolicy) gets Wagtail's permission-denied handling.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.urls import path
from wagtail import hooks
from wagtail.permission_policies import ModelPermissionPolicy

from comments.models import Comment

from . import evidence

EXPORT_URL_NAME = "moderation_export_evidence"


def moderators_only(view):
    policy = ModelPermissionPolicy(Comment)

    @wraps(view)
    def checked(request, *args, **kwargs):
        if not policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


@hooks.register("register_admin_urls")
def register_record_urls():
    return [
        path("moderation/evidence/<int:pk>/", moderators_only(evidence.export_view),
             name=EXPORT_URL_NAME),
    ]
