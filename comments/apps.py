from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from mrblogg import retention

        from . import (
            feeds,  # noqa: F401  (connects the receivers of view restrictions)
            listing,  # noqa: F401  (connects the receivers that renew comment lists)
            notify,  # noqa: F401  (connects the receiver that tells followers of answers)
        )
        from .reports import keep_period

        # Erased by the reader (comments/services.py erase_account), not on a timer.
        retention.register(
            "accounts", _("Accounts and comments"),
            kept_until=_(
                "Until you delete a comment or your account; deleting the account deletes "
                "every comment you wrote."
            ),
        )
        # Who reported a comment: erased with the account, and deleted a while after an
        # information officer has handled the report (prune_comment_reports).
        retention.register(
            "comment_reports", _("Your reports on other readers' comments, once handled"),
            keep=keep_period, command="prune_comment_reports",
        )
        # Told when answered: a follow lasts until the reader stops it (the link in each
        # e-mail, or "What you follow") or deletes the comment or the account.
        retention.register(
            "comment_follows", _("Comments you follow for answers"),
            kept_until=_(
                "Until you stop following, or delete the comment or your account."
            ),
        )
