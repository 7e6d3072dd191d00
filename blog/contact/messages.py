"""The messages sent through the contact form (the rows); kept apart from the page so the
mail task and the services can use them without importing the page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from blog.form_pages import PersonalDataSubmission


class ContactSubmission(PersonalDataSubmission):
    """A message sent through the contact form; deleted after the retention period."""

    sender_key = models.CharField(
        _("sender key"), max_length=64, blank=True, db_index=True,
        help_text=_("A keyed hash of the sender's IP address, for the rate limit."),
    )
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)

    class Meta:
        db_table = "blog_contactsubmission"
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        # One permission for both kinds of submission (see blog/submissions.py).
        permissions = [
            ("view_personal_data",
             _("Can see personal data in form submissions (contact messages, registrations)")),
        ]
        indexes = [models.Index(fields=["submit_time"], name="blog_contact_submit_time")]
