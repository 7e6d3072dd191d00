from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    """"Kontakta oss": the contact page, its messages and their e-mails."""

    name = "blog.contact"
    label = "contact"
    verbose_name = _("Contact")

    def ready(self):
        from . import tasks  # noqa: F401  (the message to the officer joins the sweeper)
