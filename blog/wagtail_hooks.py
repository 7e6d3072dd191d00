"""Admin customisation of publishing: the bloggers snippet, the registrations overview, who
may read form submissions."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.forms.utils import get_forms_for_user
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Blogger, EventPost, RegistrationField
from .submissions import may_see_personal_data


class BloggerViewSet(SnippetViewSet):
    model = Blogger
    icon = "user"
    menu_label = _("Bloggers")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]


register_snippet(BloggerViewSet)


# --- Forms: registrations and contact messages ---------------------------------------


@hooks.register("register_admin_urls")
def register_registration_urls():
    from . import admin_views

    urls = [
        path("", admin_views.RegistrationsIndexView.as_view(), name="index"),
        path(
            "<int:event_id>/radera/", admin_views.DeleteRegistrationsView.as_view(),
            name="delete",
        ),
    ]
    return [path("anmalningar/", include((urls, "blog_registrations")))]


class RegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return get_forms_for_user(request.user).exists()


@hooks.register("register_admin_menu_item")
def register_registrations_menu_item():
    return RegistrationsMenuItem(
        _("Registrations"), reverse("blog_registrations:index"),
        name="registrations", icon_name="group", order=710,
    )


@hooks.register("filter_form_submissions_for_user")
def only_for_those_who_may_see_personal_data(user, pages):
    """Editing a form page does not let one read what people sent through it: every view
    of Wagtail's forms app (the menu, the listing, submissions, exports, deleting) and the
    registrations overview ask get_forms_for_user, which this empties without
    blog.view_personal_data."""
    return pages if may_see_personal_data(user) else pages.none()


@hooks.register("filter_form_submissions_for_user")
def hide_event_posts_without_a_form(user, pages):
    """Under Forms, list event posts only when they have a registration form."""
    return pages.exclude(
        Q(content_type=ContentType.objects.get_for_model(EventPost))
        & ~Q(pk__in=RegistrationField.objects.values("page_id"))
    )
