"""The registrations for events (the rows), and the lock on an event's row that every change
to its list of registrants takes first. Kept apart from the page so the rules, the mail task
and the cancel links can use them without importing the page."""

from django.db import connection, models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from blog.form_pages import PersonalDataSubmission


class Registration(PersonalDataSubmission):
    """One person's registration for an event: the submitted form, and what was sent."""

    email = models.EmailField(
        _("e-mail"), blank=True,
        help_text=_("The registrant's address, in lower case; one registration per address."),
    )
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    organiser_notified_at = models.DateTimeField(_("organiser told"), null=True, blank=True)

    class Meta:
        db_table = "blog_registration"
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "email"], condition=~Q(email=""),
                name="blog_registration_one_per_email",
            ),
        ]


def lock_event(event):
    """Hold the event's row until the transaction ends, so registrations queue up behind it.
    `event` is the EventPost (its specific page)."""
    events = type(event).objects.filter(pk=event.pk)
    if connection.features.has_select_for_update:
        list(events.select_for_update(of=("self",)).only("pk"))
    else:
        # SQLite has no row locks: a write as the first statement takes the database's
        # write lock, and a second registration waits for it before it counts anything.
        events.update(registration_capacity=F("registration_capacity"))
