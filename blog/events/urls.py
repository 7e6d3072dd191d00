"""The events' addresses outside the page tree (included at the site's root by mrblogg/urls.py)."""

from django.urls import path

from blog import slugs  # noqa: F401  (registers the <uslug:> converter)

from . import views

app_name = "events"

urlpatterns = [
    # <uslug:>, not <slug:>: event posts from before ASCII slugs have Unicode ones.
    path("kalender/<uslug:slug>/", views.event_ics, name="event_ics"),
    path("avboka/<str:token>/", views.cancel, name="cancel_registration"),
]
