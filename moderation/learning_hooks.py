"""The model page's admin URLs and its menu item (moderation/learning/views.py). Imported
from moderation/apps.py ready(), as record_hooks is. Wagtail's admin wrapper sends anyone
not logged in to the login page; the views refuse anyone without the moderation permission.
"""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .learning import views
from .report_views import PERMISSION


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_urls")
def register_learning_urls():
    return [
        path("moderering/modell/", views.model_page, name=views.PAGE_URL_NAME),
        path("moderering/modell/trana-om/", views.retrain, name="moderation_screening_retrain"),
        path("moderering/modell/version/<int:version>/aktivera/", views.activate,
             name="moderation_screening_activate"),
    ]


@hooks.register("register_admin_menu_item")
def register_learning_menu_item():
    return ModeratorsMenuItem(
        _("Screening model"), reverse(views.PAGE_URL_NAME), name="screening-model",
        icon_name="cogs", order=151,
    )
