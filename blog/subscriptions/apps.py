from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "blog.subscriptions"
    label = "subscriptions"
    verbose_name = _("Subscriptions")

    def ready(self):
        from mrblogg import retention

        from . import signals  # noqa: F401  (connects the page_published receiver)

        # No job deletes subscribers: the page says what really happens (mrblogg/retention.py).
        retention.register(
            "subscribers", _("E-mail addresses of subscribers"),
            kept_until=_(
                "As long as you subscribe. After you unsubscribe the address is kept, marked as "
                "unsubscribed with the time, so that nothing more is sent to it."
            ),
        )
