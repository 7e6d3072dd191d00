"""Told when answered (issue 17): after any kill of the worker or outage of the mail server,
every follower gets exactly one e-mail per published answer.

The real `manage.py db_worker` in its own process on this test database (file SQLite, or
PostgreSQL under DATABASE_URL), sending SMTP to tests.fakes.SmtpServer, SIGKILLed at random
points (tests/answer_notice_faults.py on tests/mail_faults.py). Handing a notice to the outbox
is one transaction, so a kill there doubles nothing; the only duplicate a kill can cause is
the outbox's window between the server's 250 and its UPDATE, at most one per kill."""

import random

import pytest

from tests.answer_notice_faults import NoticeRun
from tests.factories import make_blog_index
from tests.fakes import SmtpServer

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.mark.parametrize("seed", [1, 2])
def test_a_worker_killed_at_random_points_tells_every_follower_once(smtp_server, seed):
    make_blog_index()
    run = NoticeRun(f"kill{seed}", smtp_server, followers=120, rng=random.Random(seed))
    outcome = run.with_kills(kills=3)
    print(outcome.line())  # pytest -s shows each run's figures

    assert outcome.lost == 0 and outcome.failed == 0, outcome.line()
    assert outcome.delivered == 120
    assert outcome.most_in_window <= 1, outcome.line()
    assert outcome.duplicates == outcome.in_window, outcome.line()
    assert run.statuses()["notices"] == {"queued": 120}


def test_the_mail_server_down_then_up_tells_every_follower_once(smtp_server):
    make_blog_index()
    run = NoticeRun("outage", smtp_server, followers=60)
    outcome = run.with_outage(outage_seconds=1)

    # While it was down every notice was handed to the outbox and tried, none failed.
    assert outcome.during_outage["notices"] == {"queued": 60}, outcome.during_outage
    assert outcome.during_outage["outbox"] == {"queued": 60}, outcome.during_outage
    assert (outcome.lost, outcome.duplicates, outcome.failed) == (0, 0, 0), outcome.line()
    assert outcome.delivered == 60
