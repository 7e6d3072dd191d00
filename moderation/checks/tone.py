"""`good_tone` and `no_hate_or_threats`: the word lists, and shouting in capitals.

The rude, hate and threat rows (see `lists` for how they match, templates included) are
looked for in the comment. Three things make a hit count less or not at all, because a
reader who quotes abuse in order to condemn it, or who uses an idiom, keeps the rules:
- an exception row ("akta er för att", "ett stort fan av", "skjuta upp") that holds the
  hit cancels it;
- a hit inside quotes, in a comment with a condemning row ("skrev", "fick höra",
  "oacceptabelt") outside them, counts `ModerationSettings.quoted_weight` of its weight,
  and the reason says so.
Shouting is a share of words in capitals (words of four letters or more, so acronyms such
as SKR, FN or HBTQ do not count): at least `shouting_min_words` of them and a share of
`shouting_share` make a `good_tone` finding of its own. A slur (a hate row of a single
word) also counts for `good_tone`.
"""

import re

from django.utils.translation import gettext_lazy as _

from ..models import ListedPhrase
from ..rules import get_rule
from . import lists
from .base import Result

THREATS = _("Threatening phrases.")
HATE = _("Words of hate.")
THREATS_AND_HATE = _("Threatening phrases and words of hate.")
SHOUTING = _("Shouting in capitals.")
QUOTED = _("Quoted next to a condemnation, so it weighs less.")
MAX_SCORE = 5.0
SHOUTING_SCORE = 0.8
SHOUT_MIN_LETTERS = 4

Kind = ListedPhrase.Kind
KINDS = (Kind.RUDE, Kind.HATE, Kind.THREAT, Kind.EXCEPTION, Kind.CONDEMN)

# Straight, curly, angled and low quotes; a single quote only between non-letters, so the
# apostrophe of "children's" opens nothing.
QUOTE_RE = re.compile(
    r'"[^"\n]{1,400}"|“[^”“\n]{1,400}[”“]|”[^”\n]{1,400}”|«[^»\n]{1,400}»|»[^»«\n]{1,400}[«»]'
    r"|„[^“”\n]{1,400}[“”]|‘[^’\n]{1,400}’|(?<!\w)'[^'\n]{1,400}'(?!\w)"
)


def quote_spans(text):
    return [(m.start(), m.end()) for m in QUOTE_RE.finditer(text)]


def _inside(hit, spans):
    return next(((s, e) for s, e in spans if s <= hit.start and hit.end <= e), None)


def weigh(hits, condemning, text, quoted_weight):
    """[(hit, weight, quoted)] for the hits, quoted ones next to condemnation weighing less."""
    spans = quote_spans(text)
    weighed = []
    for hit in hits:
        span = _inside(hit, spans) if condemning else None
        outside = span and any(c.end <= span[0] or c.start >= span[1] for c in condemning)
        weight = hit.entry.weight * (quoted_weight if outside else 1.0)
        weighed.append((hit, weight, bool(outside)))
    return weighed


_last = [None, None]  # (context, hits): the topic check asks for the same comment's hits


def listed_hits(context):
    """[(hit, weight, quoted)] of the rude, hate and threat rows, exceptions taken out.

    Remembered for the last context, so the topic check reads them without matching again."""
    context_seen, hits = _last
    if context_seen is context:
        return hits
    hits = _listed_hits(context)
    _last[:] = [context, hits]
    return hits


def _listed_hits(context):
    found = lists.find(context.text, context.words, lists.load(*KINDS))
    exceptions = [h for h in found if h.entry.kind == Kind.EXCEPTION]
    condemning = [h for h in found if h.entry.kind == Kind.CONDEMN]
    hits = [h for h in found if h.entry.kind in (Kind.RUDE, Kind.HATE, Kind.THREAT)
            and not lists.within(h, exceptions)]
    quoted_weight = min(1.0, max(0.0, context.settings.quoted_weight))
    return weigh(hits, condemning, context.text, quoted_weight)


def shouted_words(text, settings):
    """The words in capitals when they make shouting, else []."""
    words = [w for w in re.findall(r"[^\W\d_]+", text) if len(w) >= SHOUT_MIN_LETTERS]
    loud = [w for w in words if w.isupper()]
    if len(loud) < max(1, settings.shouting_min_words):
        return []
    return loud if len(loud) >= settings.shouting_share * len(words) else []


def _evidence(weighed):
    return ", ".join(dict.fromkeys(hit.words for hit, _w, _q in weighed))


def _with(reason, rule, extra):
    return f"{reason or get_rule(rule).finding} {extra}"


def _result(rule, weighed, reason=""):
    score = min(MAX_SCORE, sum(w for _h, w, _q in weighed))
    if any(q for _h, _w, q in weighed):
        reason = _with(reason, rule, QUOTED)
    return Result(rule=rule, score=round(score, 3), evidence=_evidence(weighed), reason=reason)


def check(context):
    weighed = listed_hits(context)
    rude = [x for x in weighed if x[0].entry.kind == Kind.RUDE]
    hate = [x for x in weighed if x[0].entry.kind == Kind.HATE]
    threats = [x for x in weighed if x[0].entry.kind == Kind.THREAT]
    results = []
    loud = shouted_words(context.text, context.settings)
    # A slur (a hate row of one word) is name-calling too: it breaks good tone as well.
    slurs = [x for x in hate if len(x[0].entry.slots) == 1]
    if rude or slurs:
        results.append(_result("good_tone", rude + slurs))
    if loud:
        shout = Result(rule="good_tone", score=SHOUTING_SCORE, evidence=" ".join(loud[:6]),
                       reason=SHOUTING)
        if rude:
            tone = results.pop()
            shout = Result(
                rule="good_tone", score=round(min(MAX_SCORE, tone.score + SHOUTING_SCORE), 3),
                evidence=f"{tone.evidence}, {shout.evidence}",
                reason=_with(tone.reason, "good_tone", SHOUTING),
            )
        results.append(shout)
    if hate or threats:
        reason = THREATS_AND_HATE if hate and threats else THREATS if threats else HATE
        results.append(_result("no_hate_or_threats", threats + hate, reason))
    return results
