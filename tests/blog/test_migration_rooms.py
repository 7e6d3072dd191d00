"""Moving event posts and the contact page into their own apps keeps every row
(blog/migrations/0010, blog/events/migrations/0001, blog/contact/migrations/0001): the
tables stay, the content types move, so the pages, registrations and messages made before
are the same pages and rows after."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from blog.contact.models import ContactPage, ContactSubmission
from blog.events.models import EventPost, Registration

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BEFORE = [("blog", "0009_privacy_page"), ("events", None), ("contact", None)]


def migrate(targets=None):
    """Migrate to `targets` (every app's latest when None); the historical apps there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([t for t in targets if t[1]]).apps


def old_page(apps, model, path, **fields):
    """A page made as the old code stored it (historical models have no tree methods)."""
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="blog", model=model.lower()
    )
    locale = apps.get_model("wagtailcore", "Locale").objects.first()
    page_class = apps.get_model("blog", model)
    # Wagtail's FormMixin, a base of the historical form pages, reads `template` when made.
    page_class.template = "historical.html"
    return page_class.objects.create(
        path=path, depth=2, content_type=content_type, locale=locale, live=True,
        url_path=f"/{fields['slug']}/", **fields,
    )


def test_event_posts_and_the_contact_page_keep_their_rows_and_page_types():
    try:
        old = migrate(BEFORE)
        event = old_page(
            old, "EventPost", "0001ZZ01", title="Konferens", draft_title="Konferens",
            slug="konferens", intro="Om rättigheter.", start_date=datetime.date(2030, 5, 4),
        )
        old.get_model("blog", "Registration").objects.create(
            page_id=event.pk, email="anna@example.org", form_data={"namn": "Anna"},
        )
        contact = old_page(
            old, "ContactPage", "0001ZZ02", title="Kontakta oss", draft_title="Kontakta oss",
            slug="kontakta-oss", intro="Skriv till oss.",
        )
        old.get_model("blog", "ContactSubmission").objects.create(
            page_id=contact.pk, form_data={"meddelande": "Hej"},
        )
    finally:
        migrate()
    # ContentType's cache is left as it is: the rows moved back under the same ids, and the
    # next test that restores the database (serialized_rollback) relies on a warm cache.

    page_types = dict(
        Page.objects.filter(pk__in=[event.pk, contact.pk])
        .values_list("pk", "content_type__app_label")
    )
    assert page_types == {event.pk: "events", contact.pk: "contact"}
    assert isinstance(Page.objects.get(pk=event.pk).specific, EventPost)
    assert EventPost.objects.get(pk=event.pk).start_date == datetime.date(2030, 5, 4)
    registration = Registration.objects.get(page_id=event.pk)
    assert (registration.email, registration.form_data) == ("anna@example.org", {"namn": "Anna"})
    assert isinstance(Page.objects.get(pk=contact.pk).specific, ContactPage)
    assert ContactSubmission.objects.get(page_id=contact.pk).form_data == {"meddelande": "Hej"}
    moved = {"eventpost", "registrationfield", "registration", "contactpage", "contactfield",
             "contactsubmission"}
    assert not ContentType.objects.filter(app_label="blog", model__in=moved).exists()
    assert Permission.objects.filter(
        content_type__app_label="contact", codename="view_personal_data"
    ).exists()
