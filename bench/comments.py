"""Post page render time and queries with 0, 100 and 1,000 published comments, and the
median time of one comment submission (Django test client, scratch SQLite database).

    .venv/bin/python bench/comments.py [--repeat 20]
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
        print(f"{'comments':>9} {'median ms':>10} {'queries':>8}")
        for n in (0, 100, 1000):
            post = make_post()
            Comment.objects.bulk_create(
                Comment(post=post, author=reader, text=f"Kommentar nummer {i}. " * 5,
                        status=Comment.Status.PUBLISHED)
                for i in range(n)
            )
            client.get(post.url)
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get(post.url)
                times.append((time.perf_counter() - start) * 1000)
            queries = []
            with connection.execute_wrapper(lambda ex, sql, *a: queries.append(sql) or ex(sql, *a)):
                client.get(post.url)
            print(f"{n:>9} {statistics.median(times):>10.1f} {len(queries):>8}")
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


if __name__ == "__main__":
    main()
