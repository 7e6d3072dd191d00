"""`no_spam`: the same kind of comment, often, from one or a few users — and the index it reads.

Spam is decided from WHO repeats, not from how many comments look alike. A comment is
certainly spam when one of these holds (every threshold a ModerationSettings field):
- near-duplicate text: within the spam window (spam_window_hours) it and its
  near-duplicates from accounts that each wrote more than one of them number at least
  `spam_min_repeats`, or within the long window (spam_long_window_days, for slow drips)
  at least `spam_long_min_repeats`; those accounts are at most `spam_max_accounts` and the
  author is one of them. Readers who each write the same thanks once never count, however
  many they are; the same question asked twice is two, not four;
- the same site, again and again: the author has linked to the same link target
  (checks/spam_links.py: registered domain, all URL shorteners as one) `spam_link_repeats`
  times within the long window, this comment included, and has no published comment;
- a campaign: the author is a fresh account (younger than spam_young_account_days, or with
  at most spam_few_comments comments in the long window, and nothing published) and fresh
  accounts linking to the same target within the long window number
  `spam_campaign_accounts`, or are at most `spam_max_accounts` that wrote
  `spam_link_repeats` such comments, one of them more than once. A link is required: fresh
  readers thanking never make a campaign, and a few readers each citing one article once
  are not one. A fresh account linking to a target of a comment decided spam within the
  long window continues that campaign (a spammer's second account). Links to the
  officers' allowed sites never count at all.

Near-duplicates come from an index, never from a scan of comments (so the cost of one
screening does not grow with the number of stored comments): exact fingerprints and MinHash
bands (checks/neardup.py) for texts of SHORT_TEXT characters or more; for shorter texts,
whose 5-grams say little, the same author's last AUTHOR_RECENT (base.py) comments in the long
window compared by a fuzzy ratio (rapidfuzz). Link targets come from LinkTarget the same way.

Many links, a site the author keeps linking to, and the author's standing (a new account,
recent rejections or spam marks) raise the risk without making the comment certain spam.
Findings about the author carry the key STANDING, not a rule: they order the queue, and
keep trusted mode from publishing, without saying that a rule is broken.
"""

from collections import Counter

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rapidfuzz import fuzz

from ..models import BandKey, CommentFingerprint
from . import spam_links
from .base import Result
from .neardup import (  # noqa: F401  (the index's primitives, read as spam.* by tests and bench)
    BAND_LIMIT,
    BANDS,
    EXACT_LIMIT,
    FUZZY_RATIO,
    JACCARD,
    MAX_CANDIDATES,
    PERMUTATIONS,
    SHORT_TEXT,
    SIGNATURE_SCHEME,
    band_candidates,
    band_keys,
    fingerprint,
    jaccard,
    pack,
    signature,
    unpack,
)
from .spam_links import SHORTENERS, LinkRules

STANDING = "author"  # the key of findings about the author's standing (not a rule)

REPEATS = _("Near-duplicates of this comment recur often from one or a few accounts.")
ALMOST_REPEATS = _("Near-duplicates of this comment recur from one or a few accounts.")
REPEATED_DOMAIN = _("The author keeps linking to the same site.")
SAME_SITE_AGAIN = _("The same account links to the same site again and again.")
CAMPAIGN = _("New or nearly unused accounts push links to the same site.")
SOME_FRESH = _("Other new accounts have linked to the same site.")
CAMPAIGN_GOES_ON = _("A new account links to a site that was just found in spam.")


class Neighbourhood:
    """What the index knows near one new comment."""

    def __init__(self, context):
        self.comment = comment = context.comment
        self.settings, self.standing = context.settings, context.standing
        history = context.history
        self.since, self.until, self.long_since = history.since, history.until, history.earliest
        n = context.forms
        self.domains = n.domains
        self.plain = n.plain
        self.exact = fingerprint(n.plain)
        self.short = len(n.plain) < SHORT_TEXT
        self.signature = None if self.short else signature(n.text)
        # The comment itself is among the author's recent rows when it is screened again.
        self.already_indexed = comment.pk is not None and any(
            row[0] == comment.pk for row in history.recent
        )
        self.author_recent = [row for row in history.recent
                              if comment.pk is None or row[0] != comment.pk]
        self.rules = LinkRules.load()
        self.targets = self.rules.targets(self.domains)
        self.fresh = is_fresh(self.standing, self.settings, len(self.author_recent))
        self.duplicates = {}  # comment id → (author id, written)
        self.linked = {}  # link target → [(author id, fresh, spam)] of other comments
        self.certain = False  # check() decided spam: remembered with the link targets

    def in_window(self, queryset):
        return queryset.filter(created_at__gte=self.long_since, created_at__lte=self.until)

    def look(self):
        exact = self.in_window(CommentFingerprint.objects.filter(exact=self.exact))
        for comment_id, author_id, at in exact.order_by("-created_at").values_list(
            "comment_id", "author_id", "created_at"
        )[:EXACT_LIMIT]:
            self.duplicates[comment_id] = (author_id, at)
        for comment_id, exact_hash, short_text, _domains, sig, at in self.author_recent:
            if self.is_near(exact_hash, short_text, sig):
                self.duplicates[comment_id] = (self.comment.author_id, at)
        if not self.short:
            self.look_in_bands()
        self.duplicates.pop(self.comment.pk, None)
        self.linked = spam_links.linked_by_others(
            self.targets, self.long_since, self.until, exclude=self.comment.pk)
        return self

    def is_near(self, exact_hash, short_text, sig):
        """Is one of the author's earlier comments a near-duplicate of this one?"""
        if exact_hash == self.exact:
            return True
        if self.short:
            return bool(short_text) and fuzz.ratio(self.plain, short_text) >= FUZZY_RATIO
        return bool(sig) and jaccard(self.signature, unpack(sig)) >= JACCARD

    def look_in_bands(self):
        shared = band_candidates(band_keys(self.signature), self.long_since, self.until)
        shared.pop(self.comment.pk, None)
        for known in self.duplicates:
            shared.pop(known, None)
        best = [cid for cid, _n in shared.most_common(MAX_CANDIDATES)]
        if not best:
            return
        rows = self.in_window(CommentFingerprint.objects.filter(comment_id__in=best))
        for comment_id, author_id, sig, at in rows.values_list(
            "comment_id", "author_id", "signature", "created_at"
        ):
            if sig and jaccard(self.signature, unpack(sig)) >= JACCARD:
                self.duplicates[comment_id] = (author_id, at)

    def duplicates_since(self, since):
        return {cid: author for cid, (author, at) in self.duplicates.items() if at >= since}

    def earlier_targets(self):
        """How many of the author's earlier comments in the long window link to each target."""
        return Counter(t for row in self.author_recent
                       for t in self.rules.targets(row[3].split()))

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
        if self.targets:
            spam_links.remember(comment, self.targets, self.fresh, self.certain)


def is_fresh(standing, settings, earlier_comments):
    """A new or nearly unused account, with nothing published: what campaigns are made of."""
    if standing.approved:
        return False
    return standing.young(settings) or earlier_comments + 1 <= settings.spam_few_comments


def neighbourhood(context):
    """The comment's Neighbourhood, made once per context (check and remember share it)."""
    if "spam" not in context.memo:
        context.memo["spam"] = Neighbourhood(context)
    return context.memo["spam"]


def remember(context):
    """After the comment is stored: the index learns it, for the comments that follow."""
    neighbourhood(context).remember()


def repeaters(duplicates, comment):
    """(accounts that repeat themselves, how many of the cluster they wrote)."""
    per_author = Counter(duplicates.values())
    per_author[comment.author_id] += 1
    repeating = {author: n for author, n in per_author.items() if n > 1}
    return repeating, sum(repeating.values())


def shown(target):
    return str(_("URL shorteners")) if target == SHORTENERS else target


def repeated_text(near):
    """Near-duplicates from one or a few accounts, in the spam window and the long one."""
    comment, settings = near.comment, near.settings
    windows = ((near.since, settings.spam_min_repeats),
               (near.long_since, settings.spam_long_min_repeats))
    for since, needed in windows:
        repeating, repeats = repeaters(near.duplicates_since(since), comment)
        if comment.author_id not in repeating or len(repeating) > settings.spam_max_accounts:
            continue
        summary = ngettext(
            "%(n)d near-duplicates from %(accounts)d account",
            "%(n)d near-duplicates from %(accounts)d accounts", len(repeating),
        ) % {"n": repeats, "accounts": len(repeating)}
        if repeats >= needed:
            return [Result(rule="no_spam", score=3.0, evidence=summary, reason=REPEATS,
                           certain_spam=True)]
        if since == near.since and repeats >= needed - 1 and repeats > 2:
            return [Result(rule="no_spam", score=1.0, evidence=summary, reason=ALMOST_REPEATS)]
    return []


def many_links(near):
    counted = [d for d in near.domains if near.rules.target(d)]
    limit = near.settings.link_limit
    if len(counted) <= limit:
        return []
    return [Result(
        rule="no_spam", score=min(2.0, 0.5 + 0.25 * (len(counted) - limit - 1)),
        evidence=", ".join(dict.fromkeys(counted)),
        reason=ngettext("%(n)d link.", "%(n)d links.", len(counted)) % {"n": len(counted)},
    )]


def same_site_again(near):
    """The author's own earlier links to this comment's targets."""
    earlier = near.earlier_targets()
    repeated = {t: earlier[t] for t in near.targets if earlier[t]}
    if not repeated:
        return []
    target, times = max(repeated.items(), key=lambda item: item[1])
    if times + 1 >= near.settings.spam_link_repeats and not near.standing.approved:
        evidence = ngettext("%(n)d link to %(site)s from one account",
                            "%(n)d links to %(site)s from one account", times + 1)
        return [Result(rule="no_spam", score=3.0, certain_spam=True, reason=SAME_SITE_AGAIN,
                       evidence=evidence % {"n": times + 1, "site": shown(target)})]
    return [Result(rule="no_spam", score=min(1.5, 0.5 * times), reason=REPEATED_DOMAIN,
                   evidence=", ".join(shown(t) for t in repeated))]


def campaign(near):
    """Fresh accounts pushing the same target (the author one of them)."""
    if not near.fresh:
        return []
    settings, author = near.settings, near.comment.author_id
    best = None
    for target, rows in near.linked.items():
        if any(was_spam for _a, _fresh, was_spam in rows):
            return [Result(rule="no_spam", score=3.0, certain_spam=True, reason=CAMPAIGN_GOES_ON,
                           evidence=shown(target))]
        per_account = Counter(a for a, fresh, _spam in rows if fresh)
        per_account[author] += 1
        size = (len(per_account), sum(per_account.values()), max(per_account.values()))
        if best is None or size > best[1:]:
            best = (target, *size)
    if best is None or best[1] < 2:
        return []
    target, accounts, comments, most = best
    evidence = ngettext("%(n)d new account linking to %(site)s",
                        "%(n)d new accounts linking to %(site)s", accounts) % {
        "n": accounts, "site": shown(target)}
    # Many fresh accounts; or a few that push the site often, one of them more than once
    # (different readers each citing one article once are not "often").
    few_often = (comments >= settings.spam_link_repeats and most > 1
                 and accounts <= settings.spam_max_accounts)
    if accounts >= settings.spam_campaign_accounts or few_often:
        return [Result(rule="no_spam", score=3.0, certain_spam=True, reason=CAMPAIGN,
                       evidence=evidence)]
    return [Result(rule="no_spam", score=0.5 * (accounts - 1), reason=SOME_FRESH,
                   evidence=evidence)]


def standing(context, near):
    """Recent rejections or spam marks, a new account linking out: more risk, no decision."""
    settings, author = context.settings, context.standing
    results = []
    if author.marks:
        days = settings.spam_standing_days
        results.append(Result(rule=STANDING, score=min(2.0, 0.75 * author.marks), reason=ngettext(
            "The author had %(n)d comment rejected or marked as spam in the last %(days)d days.",
            "The author had %(n)d comments rejected or marked as spam in the last %(days)d days.",
            author.marks) % {"n": author.marks, "days": days}))
    # A new account linking out weighs; a new reader's plain comment is not suspect.
    if near.targets and author.young(settings) and not author.approved:
        days = author.age.days
        results.append(Result(
            rule=STANDING, score=0.5, evidence=", ".join(shown(t) for t in near.targets),
            reason=ngettext("A new account that links out: created %(n)d day before the comment.",
                            "A new account that links out: created %(n)d days before the comment.",
                            days) % {"n": days}))
    return results


def check(context):
    near = neighbourhood(context).look()
    results = repeated_text(near) + many_links(near)
    found = same_site_again(near)
    if not any(r.certain_spam for r in results + found):
        found += campaign(near)
    near.certain = any(r.certain_spam for r in results + found)
    return results + found + standing(context, near)
