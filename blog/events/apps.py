from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Event posts: their details, registration form, registrations, calendar file and e-mails."""

    name = "blog.events"
    label = "events"
    verbose_name = _("Events")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blog import form_emails

        from .emails import send_registration_emails
        from .registrations import Registration

        form_emails.register(Registration, send_registration_emails)
