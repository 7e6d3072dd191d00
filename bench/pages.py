"""Render time and query count of the index and each post type, with Django's test client.

Runs on a scratch SQLite database (or DATABASE_URL): first the demo content, then a
generated blog of 2,000 posts. Prints a table; nothing is asserted (machines are noisy).

    .venv/bin/python bench/pages.py [--posts 2000] [--repeat 30]
"""

import argparse
import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path

from django_setup import setup as setup_django  # also puts the project on sys.path


def setup(db_path):
    setup_django(db_path)
    from django.core.management import call_command

    call_command("load_demo", "--force", verbosity=0, stdout=open(os.devnull, "w"))


def measure(client, url, repeat):
    from django.db import connection

    client.get(url)  # warm caches, as on a running site
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
    assert response.status_code == 200, (url, response.status_code)
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
        client.get(url)
    return statistics.median(times), len(queries)


def targets():
    from blog.events.models import EventPost
    from blog.models import BlogPost

    plain = BlogPost.objects.live().filter(eventpost__isnull=True).order_by("-date").first()
    event = EventPost.objects.live().order_by("-date").first()
    return [("index", "/"), ("index page 2", "/?page=2"), ("blog post", plain.url),
            ("event post", event.url), ("search", "/sok/?q=r%C3%A4ttigheter")]


def generate(n_posts):
    from blog.models import Blogger, BlogIndexPage, BlogPost

    index = BlogIndexPage.objects.get()
    bloggers = list(Blogger.objects.all())
    have = BlogPost.objects.count()
    start = datetime.date(2010, 1, 1)
    for i in range(have, n_posts):
        post = BlogPost(
            title=f"Genererat inlägg {i}", slug=f"genererat-{i}",
            intro="Ett genererat inlägg om mänskliga rättigheter i kommuner och regioner.",
            date=start + datetime.timedelta(days=i),
            body=[("paragraph", "<p>Rättighetsbaserat arbete i praktiken.</p>")],
        )
        index.add_child(instance=post)
        post.bloggers.set(bloggers[: 1 + i % len(bloggers)])
        post.tags.add(f"tagg-{i % 40}", f"ämne-{i % 7}")
        post.save()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup(Path(tmp) / "bench.sqlite3")
        from django.core.management import call_command
        from django.test import Client

        client = Client()
        print(f"{'data':<12} {'page':<14} {'median ms':>10} {'queries':>8}")
        for label, url in targets():
            ms, queries = measure(client, url, args.repeat)
            print(f"{'demo':<12} {label:<14} {ms:>10.1f} {queries:>8}")
        t0 = time.perf_counter()
        generate(args.posts)
        call_command("update_index", verbosity=0, stdout=open(os.devnull, "w"))
        print(f"(generated {args.posts} posts in {time.perf_counter() - t0:.0f} s)")
        for label, url in targets():
            ms, queries = measure(client, url, args.repeat)
            print(f"{f'{args.posts} posts':<12} {label:<14} {ms:>10.1f} {queries:>8}")


if __name__ == "__main__":
    main()
