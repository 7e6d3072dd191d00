"""mrblogg/retention.py: the one list of how long personal data is kept, read by the purge
jobs and by the privacy page."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from django.utils.translation import override

from mrblogg import retention


def test_every_app_registers_its_kinds_of_personal_data():
    keys = [kind.key for kind in retention.kinds()]
    for key in ("contact_messages", "registrations", "subscribers", "accounts", "spam_index",
                "outbox", "rate_limits"):
        assert key in keys


def test_every_period_is_enforced_by_a_periodic_job():
    periodic = {command for _every, command, *_args in settings.PERIODIC_COMMANDS}
    for kind in retention.kinds():
        if kind.keep is not None:
            assert kind.command in periodic, kind.key
        else:
            assert not kind.command and str(kind.kept_until), kind.key


def test_a_kind_needs_a_period_or_what_ends_it(monkeypatch):
    monkeypatch.setattr(retention, "_kinds", dict(retention._kinds))
    with pytest.raises(ValueError):
        retention.register("nothing", "Ingenting")
    assert "nothing" not in retention._kinds


def test_a_kind_without_a_period_has_no_cutoff():
    with pytest.raises(ValueError):
        retention.cutoff("subscribers")


def test_periods_are_said_in_swedish_days_and_hours(monkeypatch):
    monkeypatch.setattr(retention, "_kinds", dict(retention._kinds))
    cases = [
        (datetime.timedelta(days=1), "1 dag"),
        (datetime.timedelta(days=90), "90 dagar"),
        (datetime.timedelta(hours=1), "1 timme"),
        (datetime.timedelta(hours=24 * 3 + 1), "73 timmar"),
        (datetime.timedelta(minutes=90), "2 timmar"),  # never shorter than it really is
    ]
    with override("sv"):
        for period, text in cases:
            retention.register("test", "Test", keep=lambda period=period: period, command="x")
            assert retention.describe(retention.get("test")) == text


@pytest.mark.django_db
def test_the_contact_period_comes_from_the_blog_settings():
    from blog.models import BlogSettings

    blog_settings = BlogSettings.load()
    blog_settings.contact_retention_days = 14
    blog_settings.save()
    now = timezone.now()
    assert retention.cutoff("contact_messages", now) == now - datetime.timedelta(days=14)


@pytest.mark.django_db
def test_the_outbox_and_spam_periods_come_from_their_settings():
    from moderation.models import ModerationSettings
    from mrblogg.models import MailSettings

    mail = MailSettings.load()
    mail.outbox_retention_days = 7
    mail.save()
    moderation = ModerationSettings.load()
    moderation.spam_window_hours, moderation.spam_long_window_days = 6, 2
    moderation.save()
    assert retention.period("outbox") == datetime.timedelta(days=7)
    # The spam index is kept for the longer of the spam check's two windows.
    assert retention.period("spam_index") == datetime.timedelta(days=2)
    moderation.spam_window_hours, moderation.spam_long_window_days = 72, 1
    moderation.save()
    assert retention.period("spam_index") == datetime.timedelta(hours=72)


# --- The purge jobs read the registry, not their settings directly ----------------------


def _kept_for(monkeypatch, key, period):
    """Make the registry say `period` for `key`, as if its setting said so."""
    kind = retention.get(key)
    monkeypatch.setitem(
        retention._kinds, key, retention.Kind(key, kind.label, lambda: period, kind.command)
    )


@pytest.mark.django_db
def test_the_contact_purge_deletes_what_the_registry_says(monkeypatch):
    from blog.contact.models import ContactSubmission
    from blog.contact.services import purge_old_messages
    from tests.factories import make_contact_page

    page = make_contact_page()
    old = ContactSubmission.objects.create(page=page, form_data={"namn": "Åsa Öberg"})
    ContactSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=3)
    )
    fresh = ContactSubmission.objects.create(page=page, form_data={"namn": "Женя"})
    _kept_for(monkeypatch, "contact_messages", datetime.timedelta(days=5))
    assert purge_old_messages() == 0
    _kept_for(monkeypatch, "contact_messages", datetime.timedelta(days=2))
    assert purge_old_messages() == 1
    assert list(ContactSubmission.objects.values_list("pk", flat=True)) == [fresh.pk]


@pytest.mark.django_db
def test_the_outbox_purge_deletes_what_the_registry_says(monkeypatch):
    from mrblogg import outbox
    from mrblogg.models import OutgoingEmail

    sent = OutgoingEmail.objects.create(
        subject="Hej", recipients="åsa@example.org", status=OutgoingEmail.Status.SENT,
    )
    OutgoingEmail.objects.filter(pk=sent.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=3)
    )
    _kept_for(monkeypatch, "outbox", datetime.timedelta(days=5))
    assert outbox.purge() == 0
    _kept_for(monkeypatch, "outbox", datetime.timedelta(days=2))
    assert outbox.purge() == 1


@pytest.mark.django_db
def test_the_rate_limit_prune_deletes_what_the_registry_says(monkeypatch):
    from mrblogg import ratelimit
    from mrblogg.models import RateLimitCounter

    RateLimitCounter.objects.create(
        scope="test", key="k", window_start=timezone.now() - datetime.timedelta(hours=3), count=1
    )
    _kept_for(monkeypatch, "rate_limits", datetime.timedelta(hours=4))
    assert ratelimit.prune() == 0
    _kept_for(monkeypatch, "rate_limits", datetime.timedelta(hours=2))
    assert ratelimit.prune() == 1
