"""Screening cost per comment with 10k, 100k and 1M stored comments (scratch SQLite).

    .venv/bin/python bench/screening.py [--sizes 10000 100000 1000000] [--repeat 200]

Stored comments and their index rows are generated in bulk with SQL, not through the
pipeline: every stored comment has a fingerprint and (long ones) 25 band keys, all inside
the spam window, which is the worst case (the periodic prune keeps only one window). One
stored comment in a hundred is a near-duplicate of one of 50 campaigns, so lookups find and
confirm real candidates. Then `repeat` new comments (half near-duplicates of a campaign,
half fresh text) are screened through the whole pipeline (`moderation.screening.screen`),
timed, and their median and 95th percentile printed, with the spam check's share.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# bench/ itself off the path: its queue.py would shadow the standard library's.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]

WORDS = ["barn", "rättigheter", "kommun", "region", "beslut", "skola", "vård", "omsorg", "tillgänglighet", "delaktighet", "diskriminering", "handläggare", "socialtjänst", "konferens", "nätverk", "inkludering", "barnkonventionen", "analys", "uppföljning", "förvaltning", "nämnd", "budget", "bemötande", "trygghet", "forskning", "erfarenhet", "metod", "praktik", "information", "lokaler", "assistans", "ledsagning", "elever", "föräldrar"]


def sentence(rnd, n=30):
    return " ".join(rnd.choice(WORDS) for _ in range(n)).capitalize() + "."


def populate(n, post_id, author_ids, campaigns, now, rnd):
    from django.db import connection

    from comments.models import Comment
    from moderation.checks import spam
    from moderation.models import BandKey, CommentFingerprint
    from moderation.normalise import screening_forms

    campaign_rows = []
    for text in campaigns:
        norm = screening_forms(text)
        sig = spam.signature(norm.text)
        campaign_rows.append((spam.fingerprint(norm.plain), spam.pack(sig), spam.band_keys(sig)))
    ops = connection.ops
    q = connection.ops.quote_name
    comment_table = q(Comment._meta.db_table)
    fp_table = q(CommentFingerprint._meta.db_table)
    band_table = q(BandKey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {comment_table}")
        first_id = cursor.fetchone()[0] + 1
    batch = 20000
    for start in range(0, n, batch):
        comments, fingerprints, bands = [], [], []
        for i in range(start, min(n, start + batch)):
            cid = first_id + i
            at = ops.adapt_datetimefield_value(now - datetime.timedelta(seconds=rnd.random() * 86000))
            author = author_ids[i % len(author_ids)]
            comments.append((cid, post_id, author, "x", "published", at))
            if i % 100 == 0:
                exact, sig, keys = rnd.choice(campaign_rows)
            else:
                exact = rnd.getrandbits(64) - 2**63
                sig = rnd.randbytes(512)
                keys = [rnd.getrandbits(64) - 2**63 for _ in range(25)]
            fingerprints.append((cid, author, at, exact, sig, "", ""))
            bands.extend((key, at, cid) for key in keys)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {comment_table} (id, post_id, author_id, text, status, created_at) "
                "VALUES (%s, %s, %s, %s, %s, %s)", comments)
            cursor.executemany(
                f"INSERT INTO {fp_table} (comment_id, author_id, created_at, exact, signature, "
                "short_text, domains) VALUES (%s, %s, %s, %s, %s, %s, %s)", fingerprints)
            cursor.executemany(
                f"INSERT INTO {band_table} (band_key, created_at, comment_id) VALUES (%s, %s, %s)",
                bands)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(tmp) / 'screening.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "mrblogg.settings.test"
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.utils import timezone

        from comments.models import Comment
        from moderation.checks import spam
        from moderation.checks.base import build_context
        from moderation.models import ModerationSettings
        from moderation.screening import screen
        from tests.comments.factory import make_reader
        from tests.factories import make_blog_index
        from tests.moderation.screening_factory import human_rights_post

        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:  # a scratch file: no need to survive a crash
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")
        make_blog_index()
        post = human_rights_post()
        authors = [make_reader().pk for _ in range(200)]
        rnd = random.Random(1)
        campaigns = [sentence(rnd, 35) for _ in range(50)]
        settings = ModerationSettings.load()
        now = timezone.now()
        stored = 0
        print(f"{'stored':>9} {'load s':>7} {'median ms':>10} {'p95 ms':>8} "
              f"{'spam median':>12} {'spam p95':>9}")
        for size in args.sizes:
            started = time.perf_counter()
            with transaction.atomic():
                populate(size - stored, post.pk, authors, campaigns, now, rnd)
            stored = size
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            load = time.perf_counter() - started
            totals, spams = [], []
            for i in range(-10, args.repeat):  # the first ten warm caches and are not kept
                text = (campaigns[abs(i) % 50] + " Kund " + str(i)) if i % 2 else sentence(rnd, 40)
                author = make_reader()
                with transaction.atomic():
                    comment = Comment.objects.create(post=post, author=author, text=text)
                    started = time.perf_counter()
                    screen(comment, settings=settings)
                    if i >= 0:
                        totals.append((time.perf_counter() - started) * 1000)
                    transaction.set_rollback(True)
                with transaction.atomic():
                    comment = Comment.objects.create(post=post, author=author, text=text)
                    started = time.perf_counter()
                    spam.check(build_context(comment, settings))
                    if i >= 0:
                        spams.append((time.perf_counter() - started) * 1000)
                    transaction.set_rollback(True)
            print(f"{size:>9} {load:>7.0f} {statistics.median(totals):>10.2f} "
                  f"{percentile(totals, 95):>8.2f} {statistics.median(spams):>12.2f} "
                  f"{percentile(spams, 95):>9.2f}", flush=True)


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
