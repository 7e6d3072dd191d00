"""Near-duplicate text for the spam check: exact fingerprints, MinHash signatures and the
LSH bands they are indexed under (see checks/spam.py for how they are read).

- an exact fingerprint: a 64-bit hash of the normalised text without links;
- for texts of SHORT_TEXT characters or more, MinHash over character 5-grams (128 hash
  functions: the 32-bit words of one SHAKE-128 output per shingle), in 25 bands of 5 rows
  whose keys are rows of BandKey under a covering index; each band reads at most BAND_LIMIT
  rows, each candidate is confirmed by the Jaccard similarity of the stored signatures.
"""

import hashlib
import operator
import struct
import sys
from array import array
from collections import Counter
from functools import lru_cache

from django.db import connection

from ..models import BandKey

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
