from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from comments.outcome import register_rejection_reasons
        from comments.rules import PublishedRules, register_rules

        # notices and screening connect to comment_submitted on import.
        from . import notices, rules, screening  # noqa: F401
        from .actions import rejection_reasons

        register_rejection_reasons(rejection_reasons)
        register_rules(lambda: PublishedRules(rules.RULES_INTRO, rules.RULES_HEADING, rules.RULES))

        import datetime

        from mrblogg import retention

        from .models import ModerationSettings

        # prune_spam_index forgets the spam check's memory after this window.
        retention.register(
            "spam_index", _("Fingerprints of recent comments, for the spam check"),
            keep=lambda: datetime.timedelta(hours=ModerationSettings.load().spam_window_hours),
            command="prune_spam_index",
        )
