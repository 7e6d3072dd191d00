from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from mrblogg import captcha, security
from mrblogg.health import health
from mrblogg.site_files import FaviconView, RobotsView

# A database outage outside a view gets the same Swedish 503 page as one inside it.
handler500 = "mrblogg.unavailable.server_error"

urlpatterns = [
    # Staff log in through allauth (two factors); someone logged in without admin access is
    # told so instead of being sent round between the two logins (mrblogg/security.py).
    path("admin/login/", security.admin_login),
    # Wagtail's front-end login would log in with the password alone, past allauth's
    # two-factor stage and rate limits: it goes to allauth's login too.
    path("_util/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("konto/2fa/fortsatt/", security.continue_after_mfa_setup, name="mfa_continue"),
    path("konto/", include("allauth.urls")),
    # The spoken CAPTCHA in Swedish without a flite program: before captcha.urls, same name.
    path("captcha/audio/<slug:key>.wav", captcha.audio, name="captcha-audio"),
    path("captcha/", include("captcha.urls")),
    path("kommentarer/", include("comments.urls")),
    path("prenumeration/", include("blog.subscriptions.urls")),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", RobotsView.as_view(), name="robots"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("health/", health, name="health"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # An event's calendar file and the cancellation links, at the blog's root before its pages.
    path("", include("blog.events.urls")),
    path("", include(wagtail_urls)),
]
