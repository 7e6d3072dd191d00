"""The kernel's admin: the two-factor link on the account page and the outbox viewset."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .models import OutgoingEmail
from .permissions import ReadOnlyPolicy


@hooks.register("register_account_menu_item")
def two_factor_authentication(request):
    """Staff turn on two-factor authentication from their account page in the admin."""
    return {
        "url": reverse("mfa_index"),
        "label": _("Two-factor authentication"),
        "help_text": _("Protect your account with an authenticator app and recovery codes."),
    }


class OutgoingEmailViewSet(ModelViewSet):
    """The outbox (mrblogg/outbox.py) as the administrator sees it: what waits, what failed
    and why. Superusers only (no group has its permissions): e-mails carry personal data.
    Read-only: rows are written by the site and changed by the worker alone."""

    model = OutgoingEmail
    name = "outbox"
    url_prefix = "utgaende-epost"
    icon = "mail"
    menu_label = _("Outgoing e-mail")
    add_to_settings_menu = True
    list_display = [
        "subject",
        "recipients",
        "status",
        Column("attempts", label=_("attempts")),
        DateColumn("created_at", label=_("created")),
        DateColumn("sent_at", label=_("sent")),
    ]
    list_filter = ["status", "created_at"]
    search_fields = ["subject", "recipients"]
    search_backend_name = None  # the database's own LIKE: the outbox is not in the index
    form_fields = ["status"]  # required by ModelViewSet; the policy allows no editing
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject", "recipients", "status", "created_at", "attempts", "next_attempt_at",
        "last_error", "sent_at",
    ]


register_permission_policy(OutgoingEmail, ReadOnlyPolicy(OutgoingEmail))


@hooks.register("register_admin_viewset")
def register_outbox_viewset():
    return OutgoingEmailViewSet()
