"""Screening cost per comment with 10k, 100k and 1M stored comments (scratch SQLite).

    .venv/bin/python bench/screening.py [--sizes 10000 100000 1000000] [--repeat 200]

Stored comments and their index rows are generated in bulk with SQL, not through the
pipeline: every stored comment has a fingerprint and (long ones) 25 band keys, all inside
the long spam window, which is the worst case (the periodic prune keeps only that window).
One stored comment in a hundred is a near-duplicate of one of 50 campaigns, so lookups
find and confirm real candidates; one in ten links to one of 500 sites (a LinkTarget row,
fresh or not); one in a hundred is rejected or spam. They are written by 200 accounts, so
each has a long history in the window. Then `repeat` new comments are screened through the
whole pipeline (`moderation.screening.screen`), timed, and their median and 95th percentile
printed, with the spam check's share. The new comments take turns: a near-duplicate of a
campaign (band matches), fresh text with a link to a stored site (link targets, campaign
counting), fresh text; half of them by one of the 200 accounts with history (author's
recent rows, standing with marks), half by a new account. Last, the cost at the largest
size against the smallest (the target: at most 1.5 times).
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


def site(i):
    return f"sajt{i}.example.com"


def populate(n, post_id, author_ids, campaigns, now, rnd, window):
    from django.db import connection

    from comments.models import Comment
    from moderation.checks import spam, spam_links
    from moderation.models import BandKey, CommentFingerprint, LinkTarget
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
    link_table = q(LinkTarget._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {comment_table}")
        first_id = cursor.fetchone()[0] + 1
    batch = 20000
    for start in range(0, n, batch):
        comments, fingerprints, bands, targets = [], [], [], []
        for i in range(start, min(n, start + batch)):
            cid = first_id + i
            at = ops.adapt_datetimefield_value(now - rnd.random() * window)
            author = author_ids[i % len(author_ids)]
            status = ("rejected", "spam")[i % 2] if i % 100 == 7 else "published"
            comments.append((cid, post_id, author, "x", status, at))
            if i % 100 == 0:
                exact, sig, keys = rnd.choice(campaign_rows)
            else:
                exact = rnd.getrandbits(64) - 2**63
                sig = rnd.randbytes(512)
                keys = [rnd.getrandbits(64) - 2**63 for _ in range(25)]
            domains = ""
            if i % 10 == 3:
                domain = site(rnd.randrange(500))
                domains = "example.com"  # registered domain of every sajtN.example.com
                targets.append((spam_links.target_key(domain), at, cid, author, i % 20 == 3))
            fingerprints.append((cid, author, at, exact, sig, "", domains))
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
            cursor.executemany(
                f"INSERT INTO {link_table} (target, created_at, comment_id, author_id, fresh) "
                "VALUES (%s, %s, %s, %s, %s)", targets)


def new_text(i, rnd, campaigns):
    """A campaign's near-duplicate, fresh text with a link to a stored site, or fresh text."""
    kind = i % 3
    if kind == 0:
        return campaigns[abs(i) % 50] + " Kund " + str(i)
    if kind == 1:
        return sentence(rnd, 30) + f" Läs mer på https://www.{site(rnd.randrange(500))}/{i}"
    return sentence(rnd, 40)


def measure(post, authors, campaigns, settings, repeat, rnd):
    """(totals, spam check alone) in ms for `repeat` new comments, each rolled back."""
    from django.db import transaction

    from comments.models import Comment
    from moderation.checks import spam
    from moderation.checks.base import build_context
    from moderation.screening import screen
    from tests.comments.factory import make_reader

    totals, spams = [], []
    for i in range(-10, repeat):  # the first ten warm caches and are not kept
        text = new_text(i, rnd, campaigns)
        # Half by an account with a long history in the window (and marks), half by a new one.
        author = authors[i % len(authors)] if i % 2 else make_reader()
        for timed, run in ((totals, lambda c: screen(c, settings=settings)),
                           (spams, lambda c: spam.check(build_context(c, settings)))):
            with transaction.atomic():
                comment = Comment.objects.create(post=post, author=author, text=text)
                started = time.perf_counter()
                run(comment)
                if i >= 0:
                    timed.append((time.perf_counter() - started) * 1000)
                transaction.set_rollback(True)
    return totals, spams


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
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection, transaction
        from django.utils import timezone

        from moderation.models import ModerationSettings
        from tests.comments.factory import make_reader
        from tests.factories import make_blog_index
        from tests.moderation.screening_factory import human_rights_post

        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:  # a scratch file: no need to survive a crash
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA journal_mode = MEMORY")
        make_blog_index()
        post = human_rights_post()
        authors = [make_reader() for _ in range(200)]
        rnd = random.Random(1)
        campaigns = [sentence(rnd, 35) for _ in range(50)]
        settings = ModerationSettings.load()
        now = timezone.now()
        window = datetime.timedelta(days=settings.spam_long_window_days) * 0.99
        get_user_model().objects.update(date_joined=now - datetime.timedelta(days=365))
        stored, medians = 0, {}
        print(f"{'stored':>9} {'load s':>7} {'median ms':>10} {'p95 ms':>8} "
              f"{'spam median':>12} {'spam p95':>9}")
        for size in args.sizes:
            started = time.perf_counter()
            with transaction.atomic():
                populate(size - stored, post.pk, [a.pk for a in authors], campaigns, now, rnd,
                         window)
            stored = size
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            load = time.perf_counter() - started
            totals, spams = measure(post, authors, campaigns, settings, args.repeat, rnd)
            medians[size] = statistics.median(totals)
            print(f"{size:>9} {load:>7.0f} {medians[size]:>10.2f} "
                  f"{percentile(totals, 95):>8.2f} {statistics.median(spams):>12.2f} "
                  f"{percentile(spams, 95):>9.2f}", flush=True)
        low, high = min(medians), max(medians)
        print(f"median at {high} stored / at {low}: {medians[high] / medians[low]:.2f}x "
              "(target: at most 1.5x)")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
