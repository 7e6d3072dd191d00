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
