""""Kontakta oss": the contact page and its editable fields (its messages: messages.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField

from blog.form_builder import ContactFormBuilder
from blog.form_pages import PersonalDataFormMixin
from blog.forms import FormPageForm
from blog.models import InBlogMixin

from .messages import ContactSubmission
from .views import serve_contact

__all__ = ["ContactField", "ContactPage", "ContactSubmission"]


class ContactField(AbstractFormField):
    page = ParentalKey("contact.ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(AbstractFormField.Meta):
        db_table = "blog_contactfield"
        verbose_name = _("contact form field")
        verbose_name_plural = _("contact form fields")


class ContactPage(PersonalDataFormMixin, InBlogMixin, AbstractForm):
    """"Kontakta oss": a form whose messages go to the contact address in the site settings.

    The fields are editable; the human check is always added (see ContactFormBuilder).
    """

    intro = models.TextField(_("intro"), blank=True, max_length=1000)
    thank_you_text = models.TextField(
        _("thank-you text"), blank=True, max_length=1000,
        help_text=_("Shown after a message has been sent."),
    )

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
    ]
    form_builder = ContactFormBuilder
    base_form_class = FormPageForm
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    max_count = 1
    template = "contact/contact_page.html"
    landing_page_template = "contact/contact_page_landing.html"

    class Meta:
        db_table = "blog_contactpage"
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def get_submission_class(self):
        return ContactSubmission

    def get_data_fields(self):
        # The human check is part of the form but never of the stored message.
        return [(name, label) for name, label in super().get_data_fields() if name != "captcha"]

    def serve(self, request, *args, **kwargs):
        return serve_contact(self, request, *args, **kwargs)
