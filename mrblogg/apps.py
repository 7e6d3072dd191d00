from django.apps import AppConfig


class MrBloggConfig(AppConfig):
    """The project itself: wires the apps together (the page cache and its invalidation)."""

    name = "mrblogg"
    verbose_name = "MR-bloggen"

    def ready(self):
        from . import cache  # noqa: F401  (connects the cache-clearing receivers)
        from . import checks  # noqa: F401  (registers the deploy checks)
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Site

        from .addresses import forget_site_root

        post_save.connect(forget_site_root, sender=Site, dispatch_uid="mrblogg-site-root")
        post_delete.connect(forget_site_root, sender=Site, dispatch_uid="mrblogg-site-root-del")
