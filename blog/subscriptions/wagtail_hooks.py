"""Admin for information officers: subscribers (filter, search, CSV) and each post's mailing."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from mrblogg.permissions import ReadOnlyPolicy
from mrblogg.spreadsheets import SafeCSVExportMixin

from .models import Mailing, Subscriber

register_permission_policy(Subscriber, ReadOnlyPolicy(Subscriber, allow_delete=True))
register_permission_policy(Mailing, ReadOnlyPolicy(Mailing))


class SubscriberIndexView(SafeCSVExportMixin, IndexView):
    """The CSV export: an e-mail address may start with "=" or "+" (and quote a formula)."""


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    index_view_class = SubscriberIndexView
    name = "subscribers"
    url_prefix = "subscriptions/subscribers"
    icon = "mail"
    menu_label = _("Subscribers")
    list_display = [
        "email",
        "status",
        DateColumn("confirmed_at", label=_("consent given")),
        "consent_network",
        DateColumn("created_at", label=_("first subscribed")),
    ]
    list_filter = ["status", "confirmed_at", "created_at"]
    search_fields = ["email"]
    list_export = [
        "email",
        "status",
        "created_at",
        "confirmed_at",
        "consent_text",
        "consent_network",
        "unsubscribed_at",
    ]
    export_filename = "prenumeranter"
    form_fields = ["status"]  # required by ModelViewSet; the policy allows no editing
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "status",
        "created_at",
        "requested_at",
        "confirmation_sent_at",
        "confirmed_at",
        "consent_text",
        "consent_network",
        "unsubscribed_at",
    ]


class MailingIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("post").with_counts()


class MailingViewSet(ModelViewSet):
    model = Mailing
    name = "mailings"
    url_prefix = "subscriptions/mailings"
    icon = "doc-full"
    menu_label = _("Mailings")
    index_view_class = MailingIndexView
    list_display = [
        Column("post", label=_("post")),
        DateColumn("created_at", label=_("started")),
        Column("sent_count", label=_("sent")),
        Column("failed_count", label=_("failed")),
        Column("pending_count", label=_("pending")),
    ]
    list_filter = ["created_at"]
    form_fields = ["post"]
    copy_view_enabled = False


class SubscriptionsGroup(ViewSetGroup):
    menu_label = _("Subscriptions")
    menu_icon = "mail"
    menu_order = 250
    items = (SubscriberViewSet, MailingViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return SubscriptionsGroup()
