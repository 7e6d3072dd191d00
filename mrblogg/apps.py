from django.apps import AppConfig


class MrBloggConfig(AppConfig):
    """The project itself: wires the apps together (the page cache and its invalidation)."""

    name = "mrblogg"
    verbose_name = "MR-bloggen"

    def ready(self):
        from . import cache  # noqa: F401  (connects the cache-clearing receivers)
        from . import checks  # noqa: F401  (registers the deploy checks)
