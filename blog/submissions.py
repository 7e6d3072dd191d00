"""Who may read what people sent through the site's forms (contact messages, registrations).

Wagtail lets anyone who may edit a form page list, export and delete its submissions. Those
are personal data (names, e-mail addresses, phone numbers, what someone wrote to the blog),
so here they need their own permission, ``contact.view_personal_data``, which the information
officers' group has. Every view of Wagtail's forms app asks ``get_forms_for_user``, which
the ``filter_form_submissions_for_user`` hook in ``blog/wagtail_hooks.py`` narrows with
``may_see_personal_data``; the project's own views ask it directly; the page editor's panel
with the submission count is hidden too.
"""

from django.core.exceptions import PermissionDenied
from wagtail.contrib.forms.panels import FormSubmissionsPanel

# Defined on ContactSubmission (blog/contact/models.py); it covers registrations too.
PERSONAL_DATA_PERMISSION = "contact.view_personal_data"


def may_see_personal_data(user):
    """Whether `user` may read, export and delete form submissions (superusers may)."""
    return user.is_active and user.has_perm(PERSONAL_DATA_PERMISSION)


class PersonalDataOnly:
    """A view mixin: 403 for anyone without the permission. Checked in the views as well as
    through get_forms_for_user, so they stay closed even if another hook widened that."""

    def dispatch(self, request, *args, **kwargs):
        if not may_see_personal_data(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PersonalDataSubmissionsPanel(FormSubmissionsPanel):
    """The editor's "N submissions" panel, only for those who may open them."""

    class BoundPanel(FormSubmissionsPanel.BoundPanel):
        def is_shown(self):
            return may_see_personal_data(self.request.user) and super().is_shown()
