import datetime

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MrBloggConfig(AppConfig):
    """The kernel: the page cache's receivers for Wagtail's own models, the deploy checks,
    and the retention of its own data. The apps connect their own receivers."""

    name = "mrblogg"
    verbose_name = "MR-bloggen"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        # cache connects the page cache's receivers; checks registers the deploy checks.
        from . import cache, checks, ratelimit, retention  # noqa: F401
        from .addresses import forget_site_root
        from .models import MailSettings

        # The kernel's own personal data (mrblogg/retention.py).
        retention.register(
            "outbox", _("Records of e-mails sent by the site (subject, recipients, times)"),
            keep=lambda: datetime.timedelta(days=MailSettings.load().outbox_retention_days),
            command="purge_outbox",
        )
        retention.register(
            "rate_limits", _("Counters of attempts per address and network, against abuse"),
            keep=lambda: ratelimit.PRUNE_AFTER,
            command="prune_rate_limits",
        )

        post_save.connect(forget_site_root, sender=Site, dispatch_uid="mrblogg-site-root")
        post_delete.connect(forget_site_root, sender=Site, dispatch_uid="mrblogg-site-root-del")
