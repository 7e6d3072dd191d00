"""The per-reader limit holds across posts when one reader posts many comments at once
(comments/services.py locks the reader's row before the post's)."""

import threading

import pytest
from django.db import connection, connections
from django.utils import translation

from comments.models import Comment
from tests.comments.factory import make_reader
from tests.comments.test_closure import comment_settings
from tests.factories import make_post

# SQLite waits long enough for every writer (tests/conftest.py).
pytestmark = pytest.mark.usefixtures("patient_sqlite")

LIMIT = 5
POSTS = 5
ATTEMPTS = 25


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_five_comments_at_once_over_five_posts_store_exactly_the_limit(blog_index):
    """A lock per post let 9 of these through on PostgreSQL (issue 12). SQLite begins every
    transaction IMMEDIATE, so it serialises them too; the test runs on both."""
    from comments.services import CommentRefused, submit_comment

    comment_settings(rate_limit_count=LIMIT, rate_limit_minutes=10, max_comments_per_post=100)
    posts = [make_post() for _ in range(POSTS)]
    reader = make_reader()
    barrier = threading.Barrier(ATTEMPTS)
    stored, refused, errors = [], [], []

    def write(n):
        try:
            barrier.wait()
            submit_comment(
                post=posts[n % POSTS], author=reader, text=f"Samtidigt nr {n} – åäö"
            )
            stored.append(n)
        except CommentRefused as refusal:
            with translation.override("sv"):
                refused.append(str(refusal.message))
        except Exception as exc:  # reported below, not swallowed
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(ATTEMPTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(stored) == LIMIT, connection.vendor
    assert Comment.objects.filter(author=reader).count() == LIMIT
    assert refused == [
        "Du har skrivit många kommentarer på kort tid. Vänta en stund och försök igen."
    ] * (ATTEMPTS - LIMIT)
