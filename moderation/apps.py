import datetime

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "moderation"
    verbose_name = _("Moderation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here because they need the models, which are loaded only by now.
        from comments.outcome import register_rejection_reasons
        from comments.rules import PublishedRules, register_rules
        from comments.signals import register_rescreener, register_screener
        from mrblogg import retention

        # notices connects to comment_submitted; report_hooks, record_hooks and learning_hooks
        # register the reports' admin URLs, the evidence export's and the model page's;
        # dashboard its homepage panel.
        from . import (  # noqa: F401
            dashboard,
            learning_hooks,
            notices,
            record_hooks,
            report_hooks,
            rules,
        )
        from .decisions import rejection_reasons
        from .edits import screen_edited_comment
        from .learning import store
        from .models import ModerationSettings
        from .screening import screen_new_comment

        # Every new comment is screened before it is stored (comments/signals.py).
        register_screener(screen_new_comment)
        # An edited comment is screened again; the officer's claim holds the text (edits.py).
        register_rescreener(screen_edited_comment)
        # A fresh install trains the screening model's first version after migrating.
        post_migrate.connect(store.install_after_migrate, sender=self,
                             dispatch_uid="moderation.learning.install")
        register_rejection_reasons(rejection_reasons)
        register_rules(lambda: PublishedRules(rules.RULES_INTRO, rules.RULES_HEADING, rules.RULES))
        # prune_spam_index forgets the spam check's memory after the longer of its windows.
        retention.register(
            "spam_index", _("Fingerprints of recent comments, for the spam check"),
            keep=lambda: spam_index_kept(ModerationSettings.load()),
            command="prune_spam_index",
        )


def spam_index_kept(settings):
    return max(datetime.timedelta(hours=settings.spam_window_hours),
               datetime.timedelta(days=settings.spam_long_window_days))
