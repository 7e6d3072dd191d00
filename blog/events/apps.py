from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Event posts: their details, registration form, registrations, calendar file and e-mails."""

    name = "blog.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from . import emails  # noqa: F401  (the registration e-mails join the sweeper)
