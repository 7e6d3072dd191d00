"""What the form pages (event posts, the contact page) share: how their submissions are
listed in the admin, and the shape of a stored submission."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.models import AbstractFormSubmission


class PersonalDataFormMixin:
    """For the form pages: their submissions are listed by PersonalDataSubmissionsListView."""

    def get_submissions_list_view_class(self):
        # A lazy import as in Wagtail's FormMixin: the admin views import Wagtail's admin,
        # which must not load while the models are being defined.
        from .admin_views import PersonalDataSubmissionsListView

        return PersonalDataSubmissionsListView


class PersonalDataSubmission(AbstractFormSubmission):
    """A submission with personal data whose e-mails go out from a task (blog/form_emails.py).

    `emails_done_at`: every e-mail the submission needs has been handed over; until then
    resend_form_emails queues its task again.
    """

    emails_done_at = models.DateTimeField(_("e-mails done"), null=True, blank=True)

    class Meta(AbstractFormSubmission.Meta):
        abstract = True
