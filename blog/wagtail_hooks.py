"""Admin customisation of publishing: the bloggers snippet."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Blogger


class BloggerViewSet(SnippetViewSet):
    model = Blogger
    icon = "user"
    menu_label = _("Bloggers")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    search_fields = ["name", "role"]


register_snippet(BloggerViewSet)
