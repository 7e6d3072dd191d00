"""The word lists (ListedPhrase rows) as the checks match them, and the matcher.

A phrase is words in a row, each matched at the start of a comment's word, never inside
it: "hora" does not hit "tillståndsprövning" or "hård". The syntax officers write:
- `idiot`: the word and its Swedish inflections (the same Snowball stem: "idioterna");
- `tjock*`: any ending; `*skalle`: any beginning (a compound: "apskalle"); `*blatt*`:
  anywhere inside a word ("bidragsblattar");
- `jag|vi|någon`: any of these words at this place (a template: "jag|vi|någon ska|borde
  skjuta|döda dig|er|henne" is 3 × 2 × 2 × 3 phrases in one row); `slå_ihjäl` is two words
  in one alternative;
- `att?`: a word that may be left out ("kommer att? döda" matches "kommer döda");
- `...`: up to three other words ("invandrare är ... parasiter").

Disguises are undone before matching (`moderation.normalise.word_tokens`), and each word is
also tried folded of Latin diacritics (never å ä ö on their own), with each masked letter
("j*vla") as every letter, and with long runs shrunk. Letters spelt apart ("d u ä r e n h
o r a") are searched for every listed form inside the run. The rows are read with one
query per check and compiled once per distinct content, so an edit in the admin shows at
the next comment with no cache to clear.
"""

import itertools
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from django.db import connection

from ..models import ListedPhrase
from ..normalise import fold_disguise, fold_word, shrink_runs, unswedish

GAP = "..."
MAX_GAP = 3
ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
MIN_RUN_FORM = 4  # shorter forms are not looked for inside spelt-out runs
MAX_RUN_FORMS = 64  # a template with more combinations is not looked for in runs

_stemmer = snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=50000)
def stem(word):
    return _stemmer.stemWord(word)


def _undouble(word):
    return "".join(ch for i, ch in enumerate(word) if i == 0 or word[i - 1] != ch)


class Forms(frozenset):
    """The forms a comment's word is tried as, with their stems and undoubled forms worked
    out once (a word is compared with many patterns)."""

    def __new__(cls, items):
        forms = super().__new__(cls, items)
        forms.stems = frozenset(stem(v) for v in forms)
        forms.undoubled = frozenset(_undouble(v) for v in forms if len(v) >= 5)
        return forms


@dataclass(frozen=True)
class Pattern:
    form: str
    prefix: bool  # any ending
    suffix: bool = False  # any beginning

    def __post_init__(self):
        object.__setattr__(self, "stem", stem(self.form))
        object.__setattr__(self, "undoubled", _undouble(self.form))

    def matches(self, variants):
        if self.suffix:
            if self.prefix:
                return any(self.form in v for v in variants)
            return any(v.endswith(self.form) for v in variants)
        if self.prefix:
            return any(v.startswith(self.form) for v in variants)
        if self.form in variants or self.stem in variants.stems:
            return True
        # "iddiot": doubled letters, only for longer words ("hatt" is not "hat").
        return len(self.form) >= 5 and self.undoubled in variants.undoubled


@dataclass(frozen=True)
class Slot:
    alternatives: tuple  # of tuples of Patterns: words in a row, any one of them
    optional: bool = False
    gap: bool = False

    @property
    def patterns(self):
        return tuple(a[0] for a in self.alternatives)

    def lengths(self, stream_variants, j):
        """How many words each matching alternative takes from position j."""
        for alternative in self.alternatives:
            if j + len(alternative) <= len(stream_variants) and all(
                p.matches(stream_variants[j + k]) for k, p in enumerate(alternative)
            ):
                yield len(alternative)


@dataclass(frozen=True, eq=False)  # hashed by identity: entries are looked up often
class Entry:
    phrase: str
    kind: str
    weight: float
    slots: tuple

    def run_forms(self):
        """The phrase written without spaces, each combination (for spelt-out runs)."""
        if any(s.gap for s in self.slots):
            return []
        required = [s.alternatives for s in self.slots if not s.optional]
        if not required or any(len(a) > MAX_RUN_FORMS for a in required):
            return []
        combos = itertools.islice(itertools.product(*required), MAX_RUN_FORMS + 1)
        forms = ["".join(p.form for alternative in combo for p in alternative) for combo in combos]
        return [f for f in forms if len(f) >= MIN_RUN_FORM][:MAX_RUN_FORMS]


def _pattern(word):
    form = fold_word(word.strip("*"))
    return Pattern(form, word.endswith("*"), word.startswith("*")) if form else None


def compile_phrase(phrase):
    """The slots of a phrase (see the module docstring for the syntax)."""
    slots = []
    for word in phrase.split():
        if word == GAP:
            if slots:
                slots.append(Slot((), gap=True))
            continue
        optional = word.endswith("?") and len(word) > 1
        alternatives = []
        for alternative in word.rstrip("?").split("|"):
            patterns = tuple(p for p in map(_pattern, alternative.split("_")) if p)
            if patterns:
                alternatives.append(patterns)
        if alternatives:
            slots.append(Slot(tuple(alternatives), optional=optional and bool(slots)))
    while slots and (slots[-1].gap or slots[-1].optional):
        slots.pop()
    return tuple(slots)


class Lists:
    """Entries of some kinds, indexed by the forms of their first slot."""

    def __init__(self, entries):
        self.entries = tuple(entries)
        self.by_form, self.by_stem, self.by_undoubled = {}, {}, {}
        self.by_head, self.inside = {}, []  # "tjock*" by its first two letters; "*skalle"
        self.run_forms = [(form, e) for e in self.entries for form in e.run_forms()]
        for entry in self.entries:
            for first in entry.slots[0].patterns:
                if first.suffix:
                    self.inside.append((first, entry))
                    continue
                if first.prefix:
                    self.by_head.setdefault(first.form[:2], []).append((first, entry))
                    continue
                self.by_form.setdefault(first.form, []).append(entry)
                self.by_stem.setdefault(stem(first.form), []).append(entry)
                if len(first.form) >= 5:
                    self.by_undoubled.setdefault(_undouble(first.form), []).append(entry)

    def of_kinds(self, *kinds):
        return [e for e in self.entries if e.kind in kinds]

    def starting_with(self, variants):
        found = []
        for v in variants:
            found += self.by_form.get(v, [])
            found += [e for pattern, e in self.by_head.get(v[:2], ()) if v.startswith(pattern.form)]
        for key in variants.stems:
            found += self.by_stem.get(key, [])
        for key in variants.undoubled:
            found += self.by_undoubled.get(key, [])
        found += [entry for pattern, entry in self.inside if pattern.matches(variants)]
        return list(dict.fromkeys(found))

    def inside_run(self, variants):
        return [entry for form, entry in self.run_forms if any(form in v for v in variants)]


@lru_cache(maxsize=32)
def compiled(rows):
    """The rows as Lists; cached by the rows' values, so an edit shows at once."""
    entries = []
    for phrase, kind, weight in rows:
        slots = compile_phrase(phrase)
        if slots:
            entries.append(Entry(phrase, kind, weight, slots))
    return Lists(entries)


_loaded = {}  # kinds: (version, Lists), per process


def version():
    """(rows, highest id, latest edit) of the whole table: changes with every add, edit or
    delete. Plain SQL, as this runs several times per comment and the ORM's aggregate costs
    more than the query."""
    meta = ListedPhrase._meta
    table, pk = connection.ops.quote_name(meta.db_table), connection.ops.quote_name(meta.pk.column)
    updated = connection.ops.quote_name(meta.get_field("updated").column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), MAX({pk}), MAX({updated}) FROM {table}")  # noqa: S608
        return tuple(cursor.fetchone())


def load(*kinds):
    """The listed rows of `kinds`, compiled. One small query asks whether the lists changed;
    the rows are read again only when they did."""
    current = version()
    known = _loaded.get(kinds)
    if known and known[0] == current:
        return known[1]
    rows = ListedPhrase.objects.filter(kind__in=kinds).order_by("pk")
    found = compiled(tuple(rows.values_list("phrase", "kind", "weight")))
    _loaded[kinds] = (current, found)
    return found


@lru_cache(maxsize=20000)
def variants(word, masked=""):
    """The forms a comment's word is tried as."""
    folded, disguised = fold_disguise(word)
    out = {word, shrink_runs(word, 1), shrink_runs(word, 2), folded, shrink_runs(folded, 1)}
    if disguised:
        out |= {unswedish(folded), shrink_runs(unswedish(folded), 1)}
    if masked and masked.count("?") <= 2:
        heads = [""]
        for ch in masked:
            heads = [h + (c if ch == "?" else ch) for h in heads for c in (ALPHABET if ch == "?" else ch)]
        out |= set(heads)
    return Forms(out)


def _match_at(slots, stream_variants, i):
    """The end (exclusive) of a match of `slots` from position i, or None."""
    n = len(stream_variants)

    def go(s, j):
        if s == len(slots):
            return j
        slot = slots[s]
        if slot.gap:
            for skip in range(MAX_GAP + 1):
                end = go(s + 1, j + skip) if j + skip <= n else None
                if end is not None:
                    return end
            return None
        for length in slot.lengths(stream_variants, j):
            end = go(s + 1, j + length)
            if end is not None:
                return end
        return go(s + 1, j) if slot.optional else None

    return go(0, i)


@dataclass(frozen=True, eq=False)
class Hit:
    entry: Entry
    start: int  # span in the original text
    end: int
    words: str  # as the reader wrote them


def find(text, streams, lists):
    """Every hit of `lists` in `text`, each (kind, span) once; `streams` are
    `word_tokens(text)` (the screening context holds them)."""
    found = {}

    def add(entry, start, end):
        found.setdefault((entry.kind, start, end), Hit(entry, start, end, text[start:end]))

    for stream in streams:
        stream_variants = [variants(t.word, t.masked) for t in stream]
        for i, token in enumerate(stream):
            if token.spelt:
                for entry in lists.inside_run(stream_variants[i]):
                    add(entry, token.start, token.end)
            for entry in lists.starting_with(stream_variants[i]):
                end = _match_at(entry.slots, stream_variants, i)
                if end is not None and end > i:
                    add(entry, token.start, stream[end - 1].end)
    return sorted(found.values(), key=lambda h: (h.entry.kind, h.start))


def within(hit, others):
    """Whether `hit` lies inside one of `others` (an exception cancels what it holds)."""
    return any(o.start <= hit.start and hit.end <= o.end for o in others)
