"""`no_spam`: the repeat-poster heuristic, and the index it reads.

Spam is decided from WHO repeats, not from how many comments look alike: a comment is
certainly spam when, within the window (ModerationSettings.spam_window_hours), it and its
near-duplicates from accounts that each wrote more than one of them number at least
`spam_min_repeats`, those accounts are at most `spam_max_accounts`, and the author is one of
them. Readers who each write the same thanks once do not count, however many they are; the
same question asked twice is two, not four. A farm of many accounts that each post once
passes by design (see the README).

Near-duplicates come from an index, never from a scan of comments (so the cost of one
screening does not grow with the number of stored comments):
- an exact fingerprint: a 64-bit hash of the normalised text without links, indexed with
  its time (CommentFingerprint.exact);
- for texts of SHORT_TEXT characters or more, MinHash over character 5-grams (128 hash
  functions: the 32-bit words of one SHAKE-128 output per shingle), in 25 bands of 5 rows
  whose keys are rows of BandKey under a covering index; each band reads at most BAND_LIMIT
  rows, each candidate is confirmed by the Jaccard similarity of the stored signatures;
- for shorter texts, whose 5-grams say little, the same author's last AUTHOR_RECENT (base.py)
  comments in the window compared by a fuzzy ratio (rapidfuzz).

Many links, or a link domain the author keeps posting, raise the score without making the
comment certain spam.
"""

import hashlib
import operator
import struct
import sys
from array import array
from collections import Counter
from functools import lru_cache

from django.db import connection
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rapidfuzz import fuzz

from ..models import BandKey, CommentFingerprint
from .base import Result

SIGNATURE_SCHEME = "shake128-u32x128-char5-v1"
PERMUTATIONS = 128
BANDS, ROWS = 25, 5
SHINGLE = 5
SHORT_TEXT = 50  # normalised characters
BAND_LIMIT = 20
MAX_CANDIDATES = 100
JACCARD = 0.6
FUZZY_RATIO = 90
EXACT_LIMIT = 200

REPEATS = _("Near-duplicates of this comment recur often from one or a few accounts.")
ALMOST_REPEATS = _("Near-duplicates of this comment recur from one or a few accounts.")
REPEATED_DOMAIN = _("The author keeps linking to the same site.")


def fingerprint(plain):
    """A signed 64-bit hash (fits a BIGINT) of normalised text."""
    digest = hashlib.blake2b(plain.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)


def shingles(text):
    if len(text) <= SHINGLE:
        return {text}
    return {text[i:i + SHINGLE] for i in range(len(text) - SHINGLE + 1)}


@lru_cache(maxsize=64)  # read when looking and again when remembering the same comment
def signature(text):
    """128 MinHash values: for each of 128 hash functions, the least over the shingles."""
    rows = []
    for shingle in shingles(text):
        values = array("I", hashlib.shake_128(shingle.encode("utf-8")).digest(4 * PERMUTATIONS))
        if sys.byteorder == "big":
            values.byteswap()
        rows.append(values)
    return tuple(map(min, zip(*rows, strict=False)))


def pack(sig):
    return struct.pack(f"<{PERMUTATIONS}I", *sig)


def unpack(data):
    return struct.unpack(f"<{PERMUTATIONS}I", bytes(data)) if data else None


def band_keys(sig):
    keys = []
    for band in range(BANDS):
        values = struct.pack(f"<{ROWS}I", *sig[band * ROWS:(band + 1) * ROWS])
        digest = hashlib.blake2b(values, digest_size=8, salt=band.to_bytes(16, "little")).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def jaccard(a, b):
    return sum(map(operator.eq, a, b)) / PERMUTATIONS


def band_candidates(keys, since, until):
    """{comment id: bands shared}: per band at most BAND_LIMIT of the latest rows.

    One statement of 25 index-only range scans (a UNION ALL of limited subqueries, which
    SQLite and PostgreSQL both run on the covering index band_key_lookup).
    """
    table = connection.ops.quote_name(BandKey._meta.db_table)
    part = (
        f"SELECT comment_id FROM (SELECT comment_id FROM {table} WHERE band_key = %s "
        f"AND created_at >= %s AND created_at <= %s ORDER BY created_at DESC LIMIT {BAND_LIMIT}) b{{}}"
    )
    sql = " UNION ALL ".join(part.format(i) for i in range(len(keys)))
    since = connection.ops.adapt_datetimefield_value(since)
    until = connection.ops.adapt_datetimefield_value(until)
    params = [p for key in keys for p in (key, since, until)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return Counter(row[0] for row in cursor.fetchall())


class Neighbourhood:
    """What the index knows near one new comment."""

    def __init__(self, context):
        self.comment = comment = context.comment
        self.since, self.until = context.history.since, context.history.until
        n = context.forms
        self.domains = n.domains
        self.plain = n.plain
        self.exact = fingerprint(n.plain)
        self.short = len(n.plain) < SHORT_TEXT
        self.signature = None if self.short else signature(n.text)
        # The comment itself is among the author's recent rows when it is screened again.
        self.already_indexed = comment.pk is not None and any(
            row[0] == comment.pk for row in context.history.recent
        )
        self.author_recent = [row for row in context.history.recent
                              if comment.pk is None or row[0] != comment.pk]
        self.duplicates = {}  # comment id → author id

    def in_window(self, queryset):
        return queryset.filter(created_at__gte=self.since, created_at__lte=self.until)

    def look(self):
        exact = self.in_window(CommentFingerprint.objects.filter(exact=self.exact))
        for comment_id, author_id in exact.order_by("-created_at").values_list(
            "comment_id", "author_id"
        )[:EXACT_LIMIT]:
            self.duplicates[comment_id] = author_id
        for comment_id, exact_hash, short_text, _domains, sig in self.author_recent:
            if self.is_near(exact_hash, short_text, sig):
                self.duplicates[comment_id] = self.comment.author_id
        if not self.short:
            self.look_in_bands()
        self.duplicates.pop(self.comment.pk, None)
        return self

    def is_near(self, exact_hash, short_text, sig):
        """Is one of the author's earlier comments a near-duplicate of this one?"""
        if exact_hash == self.exact:
            return True
        if self.short:
            return bool(short_text) and fuzz.ratio(self.plain, short_text) >= FUZZY_RATIO
        return bool(sig) and jaccard(self.signature, unpack(sig)) >= JACCARD

    def look_in_bands(self):
        shared = band_candidates(band_keys(self.signature), self.since, self.until)
        shared.pop(self.comment.pk, None)
        for known in self.duplicates:
            shared.pop(known, None)
        best = [cid for cid, _n in shared.most_common(MAX_CANDIDATES)]
        if not best:
            return
        rows = self.in_window(CommentFingerprint.objects.filter(comment_id__in=best))
        for comment_id, author_id, sig in rows.values_list("comment_id", "author_id", "signature"):
            if sig and jaccard(self.signature, unpack(sig)) >= JACCARD:
                self.duplicates[comment_id] = author_id

    def remember(self):
        """Add the comment (stored by now) to the index, once, even when screened again."""
        if self.already_indexed:
            return
        comment = self.comment
        CommentFingerprint.objects.create(
            comment_id=comment.pk, author_id=comment.author_id, created_at=comment.created_at,
            exact=self.exact, signature=b"" if self.short else pack(self.signature),
            short_text=self.plain if self.short else "", domains=" ".join(self.domains)[:500],
        )
        if not self.short:
            BandKey.objects.bulk_create(
                BandKey(band_key=key, created_at=comment.created_at, comment_id=comment.pk)
                for key in band_keys(self.signature)
            )


def remember(context):
    """After the comment is stored: the index learns it, for the comments that follow."""
    Neighbourhood(context).remember()


def repeaters(duplicates, comment):
    """(accounts that repeat themselves, how many of the cluster they wrote)."""
    per_author = Counter(duplicates.values())
    per_author[comment.author_id] += 1
    repeating = {author: n for author, n in per_author.items() if n > 1}
    return repeating, sum(repeating.values())


def check(context):
    comment, settings = context.comment, context.settings
    near = Neighbourhood(context).look()
    results = []
    repeating, repeats = repeaters(near.duplicates, comment)
    if comment.author_id in repeating and len(repeating) <= settings.spam_max_accounts:
        summary = ngettext(
            "%(n)d near-duplicates from %(accounts)d account",
            "%(n)d near-duplicates from %(accounts)d accounts", len(repeating),
        ) % {"n": repeats, "accounts": len(repeating)}
        if repeats >= settings.spam_min_repeats:
            results.append(Result(rule="no_spam", score=3.0, evidence=summary,
                                  reason=REPEATS, certain_spam=True))
        elif repeats >= settings.spam_min_repeats - 1 and repeats > 2:
            results.append(Result(rule="no_spam", score=1.0, evidence=summary,
                                  reason=ALMOST_REPEATS))
    if len(near.domains) > settings.link_limit:
        extra = len(near.domains) - settings.link_limit
        results.append(Result(
            rule="no_spam", score=min(2.0, 0.5 + 0.25 * (extra - 1)),
            evidence=", ".join(dict.fromkeys(near.domains)),
            reason=ngettext("%(n)d link.", "%(n)d links.", len(near.domains)) % {"n": len(near.domains)},
        ))
    earlier = Counter(
        domain for row in near.author_recent for domain in set(row[3].split())
    )
    repeated = {d: earlier[d] for d in dict.fromkeys(near.domains) if earlier[d]}
    if repeated:
        results.append(Result(
            rule="no_spam", score=min(1.5, 0.5 * max(repeated.values())),
            evidence=", ".join(repeated), reason=REPEATED_DOMAIN,
        ))
    return results
