"""Admin customisation of publishing: the bloggers snippet, who may read form submissions."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Blogger
from .submissions import may_see_personal_data


class BloggerViewSet(SnippetViewSet):
    model = Blogger
    icon = "user"
    menu_label = _("Bloggers")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]
    # A plain database filter: the search index holds only the name, and a search over an
    # unindexed field is an error (500) in the admin listing.
    search_backend_name = None


register_snippet(BloggerViewSet)


@hooks.register("filter_form_submissions_for_user")
def only_for_those_who_may_see_personal_data(user, pages):
    """Editing a form page does not let one read what people sent through it: every view
    of Wagtail's forms app (the menu, the listing, submissions, exports, deleting) and the
    registrations overview ask get_forms_for_user, which this empties without
    contact.view_personal_data."""
    return pages if may_see_personal_data(user) else pages.none()
