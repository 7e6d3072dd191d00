"""The demo adds one event open for registration, its dates counted from today, beside the
seed events (which stay in the past); running the loader again duplicates nothing."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from blog.events.dates import today
from blog.events.models import EventPost, Registration
from blog.events.registration import registration_status
from blog.management.commands.load_demo import OPEN_EVENT_PATH
from tests.factories import registration_data

SPEC = json.loads(OPEN_EVENT_PATH.read_text(encoding="utf-8"))


def load():
    call_command("load_demo", "--force", stdout=io.StringIO())


@pytest.mark.django_db
def test_the_demo_has_an_open_event_with_a_future_deadline_and_the_seed_events_are_past(client):
    load()
    load()
    open_events = EventPost.objects.live().filter(slug=SPEC["slug"])
    assert open_events.count() == 1
    event = open_events.get()
    assert event.registration_deadline > today()
    assert event.start_date == today() + datetime.timedelta(days=SPEC["starts_in_days"])
    assert registration_status(event).is_open
    assert event.registration_fields.count() == 3
    assert event.revisions.count() == 1  # the second run changed nothing
    seeds = EventPost.objects.exclude(pk=event.pk)
    assert seeds.exists() and all(e.start_date < today() for e in seeds)

    html = client.get(event.url).content.decode()
    assert 'class="page-form"' in html
    assert client.post(event.url, registration_data(event)).status_code == 302
    assert Registration.objects.filter(page=event).count() == 1


@pytest.mark.django_db
def test_a_run_after_the_deadline_moves_the_open_event_forward(client):
    load()
    past = today() - datetime.timedelta(days=3)
    EventPost.objects.filter(slug=SPEC["slug"]).update(
        start_date=past, registration_deadline=past - datetime.timedelta(days=1)
    )
    load()
    event = EventPost.objects.get(slug=SPEC["slug"])
    assert event.registration_deadline > today() and registration_status(event).is_open
