"""Files every site answers at its root: /robots.txt and /favicon.ico."""

from django.templatetags.static import static
from django.views.generic import RedirectView, TemplateView

from .addresses import site_root


class RobotsView(TemplateView):
    """robots.txt, naming the sitemap at the site's public address (not the Host header,
    which a client chooses)."""

    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "site_root": site_root()}


class FaviconView(RedirectView):
    """Browsers and feed readers ask for /favicon.ico whatever the page links: send them to
    the SVG in static/. Temporary, because in production the static address carries the
    file's hash and changes when the icon does."""

    permanent = False

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")
