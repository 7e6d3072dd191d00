from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    """"Kontakta oss": the contact page, its messages and their e-mails."""

    name = "blog.contact"
    label = "contact"
    verbose_name = _("Contact")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blog import form_emails

        from .models import ContactSubmission
        from .tasks import send_contact_message

        form_emails.register(ContactSubmission, send_contact_message)
