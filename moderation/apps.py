from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from comments.outcome import register_rejection_reasons

        from . import notices, screening  # noqa: F401  (connect to comment_submitted)
        from .actions import rejection_reasons

        register_rejection_reasons(rejection_reasons)

        import datetime

        from mrblogg import retention

        from .models import ModerationSettings

        # prune_spam_index forgets the spam check's memory after this window.
        retention.register(
            "spam_index", _("Fingerprints of recent comments, for the spam check"),
            keep=lambda: datetime.timedelta(hours=ModerationSettings.load().spam_window_hours),
            command="prune_spam_index",
        )
