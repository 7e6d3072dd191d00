"""`good_tone` and `no_hate_or_threats`: the word lists (ListedPhrase rows) matched on words.

A listed word matches a word of the comment from its start, never inside it: "hora" does
not hit "tillståndsprövning" or "hård". A listed word without "*" also matches its Swedish
inflections (the same Snowball stem: "idiot" matches "idioterna"); with "*" any ending.
Phrases match words in a row ("vet var du bor"). Disguises are undone before matching (see
`moderation.normalise.word_tokens`); the evidence is the words as the reader wrote them.
"""

from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.utils.translation import gettext_lazy as _

from ..models import ListedPhrase
from ..normalise import fold_word, shrink_runs
from .base import Result

THREATS = _("Threatening phrases.")
HATE = _("Words of hate.")
THREATS_AND_HATE = _("Threatening phrases and words of hate.")
MAX_SCORE = 5.0

_stemmer = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=20000)
def stem(word):
    return _stemmer.stemWord(word)


def _undouble(word):
    out = []
    for ch in word:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True)
class Pattern:
    form: str
    prefix: bool

    @property
    def stem(self):
        return stem(self.form)

    def matches(self, variants):
        if self.prefix:
            return any(v.startswith(self.form) for v in variants)
        if self.form in variants or any(stem(v) == self.stem for v in variants):
            return True
        # "iddiot": doubled letters, only for longer words ("hatt" is not "hat").
        return len(self.form) >= 5 and any(_undouble(v) == _undouble(self.form) for v in variants)


@dataclass(frozen=True)
class Entry:
    phrase: str
    kind: str
    weight: float
    patterns: tuple


def compile_phrase(phrase):
    patterns = []
    for word in phrase.split():
        prefix = word.endswith("*")
        form = fold_word(word.rstrip("*"))
        if form:
            patterns.append(Pattern(form, prefix))
    return tuple(patterns)


class Lists:
    """The entries, indexed by their first word so each comment word looks up a few."""

    def __init__(self, entries):
        self.entries = tuple(entries)
        self.by_form, self.by_stem, self.by_undoubled, self.prefixed = {}, {}, {}, []
        # "s k a d ö d a": letters spelt apart run words together, so a phrase is looked
        # for as one word too, but only in such spelt-out runs.
        self.run_together = [
            ("".join(p.form for p in entry.patterns), entry)
            for entry in self.entries if len(entry.patterns) > 1
        ]
        for entry in self.entries:
            first = entry.patterns[0]
            if first.prefix:
                self.prefixed.append((first.form, entry))
                continue
            self.by_form.setdefault(first.form, []).append(entry)
            self.by_stem.setdefault(first.stem, []).append(entry)
            if len(first.form) >= 5:
                self.by_undoubled.setdefault(_undouble(first.form), []).append(entry)

    def starting_with(self, variants):
        found = []
        for v in variants:
            found += self.by_form.get(v, [])
            found += self.by_stem.get(stem(v), [])
            found += self.by_undoubled.get(_undouble(v), [])
            found += [entry for form, entry in self.prefixed if v.startswith(form)]
        return list(dict.fromkeys(found))

    def spelt_out(self, variants):
        return [entry for form, entry in self.run_together
                if any(v.startswith(form) for v in variants)]


@lru_cache(maxsize=8)
def compiled(rows):
    """The lists as patterns; cached by the rows' values, so an edit in the admin shows at once."""
    entries = []
    for phrase, kind, weight in rows:
        patterns = compile_phrase(phrase)
        if patterns:
            entries.append(Entry(phrase, kind, weight, patterns))
    return Lists(entries)


def listed_entries():
    rows = tuple(ListedPhrase.objects.order_by("pk").values_list("phrase", "kind", "weight"))
    return compiled(rows)


def _variants(word):
    return frozenset({word, shrink_runs(word, 1), shrink_runs(word, 2)})


def find(text, streams, lists):
    """[(entry, evidence as written)] for every listed phrase in `text`, each span once;
    `streams` are `word_tokens(text)` (the screening context holds them)."""
    found = {}
    for stream in streams:
        variants = [_variants(t.word) for t in stream]
        for i, token in enumerate(stream):
            if token.spelt:
                for entry in lists.spelt_out(variants[i]):
                    span = (token.start, token.end)
                    found.setdefault((entry.kind, span), (entry, text[span[0]:span[1]]))
            for entry in lists.starting_with(variants[i]):
                n = len(entry.patterns)
                if i + n > len(stream):
                    continue
                if all(p.matches(variants[i + k]) for k, p in enumerate(entry.patterns)):
                    span = (token.start, stream[i + n - 1].end)
                    found.setdefault((entry.kind, span), (entry, text[span[0]:span[1]]))
    return sorted(found.values(), key=lambda item: item[0].kind)


def _evidence(matches):
    seen = []
    for _entry, words in matches:
        if words not in seen:
            seen.append(words)
    return ", ".join(seen)


def check(context):
    matches = find(context.text, context.words, listed_entries())
    rude = [m for m in matches if m[0].kind == ListedPhrase.Kind.RUDE]
    hate = [m for m in matches if m[0].kind == ListedPhrase.Kind.HATE]
    threats = [m for m in matches if m[0].kind == ListedPhrase.Kind.THREAT]
    results = []
    if rude:
        results.append(Result(
            rule="good_tone", score=min(MAX_SCORE, sum(e.weight for e, _w in rude)),
            evidence=_evidence(rude),
        ))
    if hate or threats:
        reason = THREATS_AND_HATE if hate and threats else THREATS if threats else HATE
        results.append(Result(
            rule="no_hate_or_threats",
            score=min(MAX_SCORE, sum(e.weight for e, _w in threats + hate)),
            evidence=_evidence(threats + hate), reason=reason,
        ))
    return results
