"""Post page render time and queries with 1, 101 and 1,001 published comments, once as top
comments only and once as threads (a third of them top comments, each with two replies, the
second the blog's answer), on the first page and on the last page of comments; and the median
time of one comment submission and of one reply (Django test client, scratch SQLite database).

The page cache is off (every request renders the page); the fragment cache is on, in local
memory, as in `make run`. "first" is the render right after the comments changed (the
comment list is built), "then" the median of the renders after it.

    .venv/bin/python -P bench/comments.py [--repeat 20]

(-P: bench/queue.py would otherwise shadow the standard library's queue module.)
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        os.environ["DJANGO_SETTINGS_MODULE"] = "mrblogg.settings.test"
        import django

        django.setup()
        from django.conf import settings as django_settings

        django_settings.CACHES["template_fragments"] = {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "bench-fragments",
        }
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from comments.models import Comment, CommentSettings
        from tests.comments.factory import make_reader
        from tests.factories import make_blog_index, make_post

        call_command("migrate", verbosity=0)
        settings = CommentSettings.load()
        settings.rate_limit_count = 10**6
        settings.max_comments_per_post = None
        settings.save()
        make_blog_index()
        reader = make_reader()
        client = Client()
        client.get(make_post().url)  # creates the settings rows (a save renews the fragments)
        print(f"{'comments':>9} {'shape':>8} {'page':>5} {'first ms':>9} {'then ms':>8} {'queries':>8}")
        for n in (0, 100, 1000):
            for shape in ("flat", "threads"):
                post = make_post()
                fill(post, reader, n, shape, Comment)
                for page in ("", "?kommentarer=999"):  # the first page, the last page
                    url = post.url + page
                    Comment.objects.create(post=post, author=reader, text="Ännu en.",
                                           status=Comment.Status.PUBLISHED).delete()  # renews
                    first, then, queries = measure(client, url, args.repeat, connection)
                    print(f"{n + 1:>9} {shape:>8} {'last' if page else 'first':>5} "
                          f"{first:>9.1f} {then:>8.1f} {queries:>8}")
        client.force_login(reader)
        post = make_post()
        times = []
        for i in range(args.repeat):
            start = time.perf_counter()
            response = client.post(f"/kommentarer/skriv/{post.pk}/",
                                   {"text": f"Bench {i}", "captcha_0": "x", "captcha_1": "PASSED"})
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 302, response.status_code
        print(f"comment submission: median {statistics.median(times):.1f} ms")
        parent = Comment.objects.create(post=post, author=reader, text="En fråga.",
                                        status=Comment.Status.PUBLISHED)
        times = []
        for i in range(args.repeat):
            start = time.perf_counter()
            response = client.post(f"/kommentarer/skriv/{post.pk}/",
                                   {"text": f"Svar {i}", "parent": parent.pk,
                                    "captcha_0": "x", "captcha_1": "PASSED"})
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 302, response.status_code
        print(f"reply submission: median {statistics.median(times):.1f} ms")


def fill(post, reader, n, shape, Comment):
    """`n` published comments on `post` and a last one that renews the list: all top comments
    ("flat") or threads of a top comment, a reply and the blog's answer ("threads")."""
    if shape == "flat":
        Comment.objects.bulk_create(
            Comment(post=post, author=reader, text=f"Kommentar nummer {i}. " * 5,
                    status=Comment.Status.PUBLISHED) for i in range(n)
        )
    else:
        tops = Comment.objects.bulk_create(
            Comment(post=post, author=reader, text=f"Fråga nummer {i}. " * 5,
                    status=Comment.Status.PUBLISHED) for i in range(n // 3)
        )
        Comment.objects.bulk_create(
            Comment(post=post, author=reader, parent=top, text=f"Svar {j} på {top.pk}. " * 5,
                    status=Comment.Status.PUBLISHED, answer_role="blogger" if j else "")
            for top in tops for j in range(2)
        )
        Comment.objects.bulk_create(
            Comment(post=post, author=reader, text="Utfyllnad.", status=Comment.Status.PUBLISHED)
            for _ in range(n - len(tops) * 3)
        )
    Comment.objects.create(post=post, author=reader, text="Den sista.",
                           status=Comment.Status.PUBLISHED)


def measure(client, url, repeat, connection):
    """(first render ms, median of the next `repeat` ms, queries of one more render)."""
    start = time.perf_counter()
    client.get(url)
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    queries = []
    with connection.execute_wrapper(lambda ex, sql, *a, seen=queries: seen.append(sql) or ex(sql, *a)):
        client.get(url)
    return first, statistics.median(times), len(queries)


if __name__ == "__main__":
    main()
