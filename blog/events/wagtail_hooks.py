"""Admin customisation of events: the registrations overview and its menu item, and event
posts listed under Forms only when they have a registration form."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.forms.utils import get_forms_for_user

from . import admin_views
from .models import EventPost, RegistrationField


@hooks.register("register_admin_urls")
def register_registration_urls():
    urls = [
        path("", admin_views.RegistrationsIndexView.as_view(), name="index"),
        path(
            "<int:event_id>/radera/", admin_views.DeleteRegistrationsView.as_view(),
            name="delete",
        ),
    ]
    return [path("anmalningar/", include((urls, "events_registrations")))]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return get_forms_for_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return RegistrationsMenuItem(
        _("Registrations"), reverse("events_registrations:index"),
        name="registrations", icon_name="group", order=710,
    )


@hooks.register("filter_form_submissions_for_user")
def hide_event_posts_without_a_form(user, pages):
    """Under Forms, list event posts only when they have a registration form."""
    return pages.exclude(
        Q(content_type=ContentType.objects.get_for_model(EventPost))
        & ~Q(pk__in=RegistrationField.objects.values("page_id"))
    )
