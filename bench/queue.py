"""The moderation queue with 10,000 waiting comments: the Väntar tab's query count and
median render time, and one decision from a row (JSON, as the JavaScript sends it): its
median request time and query count (Django test client, scratch SQLite database unless
DATABASE_URL names another).

    .venv/bin/python bench/queue.py [--comments 10000] [--repeat 10]
"""

import sys
from pathlib import Path

# This file is named as the standard library's queue, which Django's threads import: its
# folder stays off the path (run as a script, Python puts it first).
HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))

import argparse  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

from bench.django_setup import setup  # noqa: E402

QUEUE = "/admin/snippets/comments/comment/"


def seed(n):
    """n waiting comments from 500 readers, a third of them screened with a finding."""
    from comments.models import Comment
    from moderation.models import Finding, Screening
    from tests.comments.factory import make_reader
    from tests.factories import make_blog_index, make_post

    make_blog_index()
    posts = [make_post(title=f"Inlägg {i}") for i in range(10)]
    readers = [make_reader() for _ in range(500)]
    comments = Comment.objects.bulk_create(
        Comment(post=posts[i % 10], author=readers[i % 500], status=Comment.Status.PENDING,
                text=f"Kommentar nummer {i}, du är en idiot om du tror något annat.")
        for i in range(n)
    )
    screened = comments[::3]
    Screening.objects.bulk_create(Screening(comment=c, risk=(c.pk % 97) / 10) for c in screened)
    Finding.objects.bulk_create(
        Finding(comment=c, rule="good_tone", reason="Oförskämda ord.", evidence="idiot",
                score=(c.pk % 97) / 10) for c in screened
    )
    return comments


def officer_client():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.test import Client

    from tests.staff import give_totp

    user = get_user_model().objects.create_user("bench-officer", "officer@example.org", "pw")
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "view_comment", "change_comment"]))
    client = Client()
    client.force_login(give_totp(user))
    return client


def timed(request):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = request()
        elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, response.status_code
    return elapsed, len(queries)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp) / "bench.sqlite3")
        comments = seed(args.comments)
        client = officer_client()
        client.get(QUEUE)  # warm: content types, site root paths, templates
        renders = [timed(lambda: client.get(QUEUE)) for _ in range(args.repeat)]
        print(f"Väntar tab, {args.comments} waiting: {statistics.median(t for t, _ in renders):.1f} ms "
              f"median, {renders[0][1]} queries (all runs: {sorted({q for _, q in renders})})")
        decisions = [
            timed(lambda c=c: client.post(f"{QUEUE}approve/{c.pk}/", {"status": "pending"},
                                          HTTP_ACCEPT="application/json"))
            for c in comments[-args.repeat:]
        ]
        print(f"one decision from the row (JSON): {statistics.median(t for t, _ in decisions):.1f} ms "
              f"median, {decisions[0][1]} queries (all runs: {sorted({q for _, q in decisions})})")


if __name__ == "__main__":
    sys.exit(main())
