"""Issue 12: after any kill of the worker or outage of the mail server, every confirmed
subscriber gets exactly one e-mail per post and every outbox e-mail arrives once.

The real `manage.py db_worker`, in its own process, on this test database (a file SQLite
database, or PostgreSQL under DATABASE_URL), sending SMTP to tests.fakes.SmtpServer; killed
with SIGKILL at random points (tests/mail_faults.py). A kill between the server's 250 and the
worker's UPDATE can double the one message it was on; each run checks that every duplicate is
such a message, and there is never more than one per kill."""

import random

import pytest

from tests.factories import make_blog_index
from tests.fakes import SmtpServer
from tests.mail_faults import Run

# serialized_rollback: the flush after each test keeps Wagtail's root page and default site.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_worker_killed_at_random_points_loses_nothing_and_doubles_nothing(smtp_server, seed):
    make_blog_index()
    rng = random.Random(seed)
    run = Run(f"kill{seed}", smtp_server, subscribers=300, emails=40, rng=rng)
    outcome = run.with_kills(kills=3)

    assert outcome.lost == 0 and outcome.failed == 0, outcome.line()
    assert outcome.delivered == 340
    assert outcome.most_in_window <= 1, outcome.line()
    assert outcome.duplicates == outcome.in_window, outcome.line()


def test_the_mail_server_down_at_the_start_then_up_loses_nothing_and_doubles_nothing(
    smtp_server,
):
    make_blog_index()
    run = Run("outage", smtp_server, subscribers=150, emails=10)
    outcome = run.with_outage(outage_seconds=1)

    # While the server was down every delivery and e-mail was tried and put back, none failed.
    assert set(outcome.during_outage["deliveries"]) == {"pending"}, outcome.during_outage
    assert set(outcome.during_outage["outbox"]) == {"queued"}, outcome.during_outage
    assert outcome.during_outage["deliveries"]["pending"] == 150
    assert (outcome.lost, outcome.duplicates, outcome.failed) == (0, 0, 0), outcome.line()
    assert outcome.delivered == 160
