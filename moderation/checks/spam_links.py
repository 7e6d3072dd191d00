"""Link targets for the spam check: what a link counts as, and who else linked there.

A link's target is its registered domain (moderation/links.py, the Public Suffix List),
except that every URL shortener is one target (SHORTENERS): a campaign that spreads its
link over bit.ly, tinyurl.com and t.co is still one site. Links to an allowed site (the
officers' LinkDomain list: skr.se, riksdagen.se, *kommun.se...) have no target at all: they
never count as a link, a repeated site or a campaign.

Who else linked to the same target within the long window comes from an index
(LinkTarget), never from a scan of comments: one statement of at most MAX_TARGETS
index-only range scans, each reading at most TARGET_LIMIT of the latest rows.
"""

import fnmatch
import hashlib
import re

from django.db import connection

from .. import links
from ..models import LinkDomain, LinkTarget

SHORTENERS = "url-shorteners"  # the one target of every URL shortener
MAX_TARGETS = 5  # link targets of one comment looked up (the first ones in the text)
TARGET_LIMIT = 200  # latest rows read per target


class Entries:
    """Officers' entries of one kind, matched fast: exact registered domains in a set, the
    patterns as one regular expression (moderation.links.matches says the same, slowly)."""

    def __init__(self, entries):
        entries = [e.strip().casefold() for e in entries if e and e.strip()]
        patterns = [e for e in entries if any(ch in e for ch in "*?[")]
        self.exact = frozenset(links.registrable(e) for e in entries if e not in patterns)
        self.pattern = re.compile("|".join(fnmatch.translate(p) for p in patterns)) if patterns else None

    def __contains__(self, domain):
        return domain in self.exact or bool(self.pattern and self.pattern.match(domain))


class LinkRules:
    """The officers' LinkDomain rows, read once per screening (one query)."""

    def __init__(self, allowed=(), shorteners=()):
        self.allowed, self.shorteners = Entries(allowed), Entries(shorteners)
        self.known = {}  # a domain's target, worked out once (the author's rows repeat them)

    @classmethod
    def load(cls):
        rows = list(LinkDomain.objects.values_list("domain", "kind"))
        return cls(
            allowed=[d for d, k in rows if k == LinkDomain.Kind.ALLOWED],
            shorteners=[d for d, k in rows if k == LinkDomain.Kind.SHORTENER],
        )

    def target(self, domain):
        """The target a registered domain counts as, or None for an allowed site."""
        if domain not in self.known:
            self.known[domain] = self._target(domain)
        return self.known[domain]

    def _target(self, domain):
        if not domain or domain in self.allowed:
            return None
        return SHORTENERS if domain in self.shorteners else domain

    def targets(self, domains):
        """The distinct targets of some registered domains, in order."""
        found = (self.target(d) for d in domains)
        return tuple(dict.fromkeys(t for t in found if t))


def target_key(target):
    """A signed 64-bit hash (fits a BIGINT) of a target's name."""
    digest = hashlib.blake2b(target.encode("utf-8"), digest_size=8, person=b"linktarget").digest()
    return int.from_bytes(digest, "little", signed=True)


def linked_by_others(targets, since, until, exclude=None):
    """{target: [(author id, fresh, spam)]}: the latest rows per target within the window."""
    targets = targets[:MAX_TARGETS]
    if not targets:
        return {}
    table = connection.ops.quote_name(LinkTarget._meta.db_table)
    part = (
        f"SELECT target, author_id, fresh, spam, comment_id FROM (SELECT target, author_id, "
        f"fresh, spam, comment_id FROM {table} WHERE target = %s AND created_at >= %s AND created_at <= %s "
        f"ORDER BY created_at DESC LIMIT {TARGET_LIMIT}) t{{}}"
    )
    sql = " UNION ALL ".join(part.format(i) for i in range(len(targets)))
    since = connection.ops.adapt_datetimefield_value(since)
    until = connection.ops.adapt_datetimefield_value(until)
    by_key = {target_key(t): t for t in targets}
    params = [p for key in by_key for p in (key, since, until)]
    found = {t: [] for t in targets}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, author_id, fresh, spam, comment_id in cursor.fetchall():
            if comment_id != exclude:
                found[by_key[key]].append((author_id, bool(fresh), bool(spam)))
    return found


def remember(comment, targets, fresh, spam):
    """Index where the (stored) comment links to."""
    LinkTarget.objects.bulk_create(
        LinkTarget(target=target_key(t), created_at=comment.created_at, comment_id=comment.pk,
                   author_id=comment.author_id, fresh=fresh, spam=spam)
        for t in targets[:MAX_TARGETS]
    )

