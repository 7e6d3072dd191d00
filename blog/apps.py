from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = _("Blog")

    def ready(self):
        import datetime

        from mrblogg import retention

        from . import signals  # noqa: F401  (connects the page cache to bloggers)
        from .models import BlogSettings

        # What the privacy page lists and purge_contact_messages (blog/contact/) enforces
        # (mrblogg/retention.py). Registered here, before the subscriptions, so the privacy
        # page keeps its order; the period is a site setting of the blog's.
        retention.register(
            "contact_messages", _("Messages sent through the contact form"),
            keep=lambda: datetime.timedelta(days=BlogSettings.load().contact_retention_days),
            command="purge_contact_messages",
        )
        retention.register(
            "registrations", _("Registrations for events"),
            kept_until=_(
                "Until the organiser deletes the list of registrants, which can be done once "
                "the event is over."
            ),
        )
