"""`not_addressed_elsewhere`: comments written to someone other than the blog.

Signals, each with its own weight (the sum is the finding's score):
- a greeting or heading naming an organisation ("Hej Försäkringskassan!", "Till Region
  Skåne", "Skatteverket: ..."), or a generic one ("Hej kommunen");
- a demand or the second person in a sentence naming an organisation the post does not
  name ("Migrationsverket måste ...", "ni på Arbetsförmedlingen"); weaker when the post
  names it, since then the comment is probably discussing the post;
- personal-case words (ärendenummer, dnr, mitt ärende, min handläggare) and requests to be
  contacted (ring mig, mejla mig);
- @mentions, e-mail addresses, phone numbers and valid personal identity numbers.

The organisations are data (Organisation rows, edited in the admin).
"""

import re
from functools import lru_cache

from django.utils.translation import gettext_lazy as _
from personnummer import personnummer

from ..models import ListedPhrase, Organisation
from ..normalise import fold_word, screening_forms
from . import lists
from .base import Result

GREETING = _("Greeting or heading to an organisation")
DEMAND = _("Demand or direct address to an organisation")
PERSONAL_CASE = _("About a personal case")
CONTACT = _("Asks to be contacted")
MENTION = _("Mentions an account")
EMAIL = _("E-mail address")
PHONE = _("Phone number")
PERSONAL_NUMBER = _("Personal identity number")
MAX_SCORE = 3.0

SECOND_PERSON = {"ni", "er", "era", "ert", "du", "dig", "din", "ditt", "dina", "you", "your"}
ADDRESSEE_WINDOW = 4  # words after a greeting in which an addressee counts
Kind = ListedPhrase.Kind
KINDS = (Kind.GREETING, Kind.ADDRESSEE, Kind.ORG_WORD, Kind.DEMAND, Kind.CASE, Kind.CONTACT)

MENTION_RE = re.compile(r"(?<![\w.@])@[^\W_][\w.]{1,30}", re.UNICODE)
PHONE_RE = re.compile(r"(?<![\d+])(?:\+46|0046|0)[\s-]?\(?\d{1,3}\)?(?:[\s-]?\d){5,8}(?!\d)")
PERSONAL_NUMBER_RE = re.compile(r"(?<![\d-])(?:\d{6}|\d{8})[-+ ]?\d{4}(?![\d-])")
SENTENCE_RE = re.compile(r"[.!?;\n]+")


def _tokens(text):
    return screening_forms(text).text.split()


def _aliases(name, kind):
    """The ways a reader writes an organisation's name, as token tuples."""
    tokens = _tokens(name)
    if not tokens:
        return []
    forms = {tuple(tokens)}
    if kind == Organisation.Kind.MUNICIPALITY and len(tokens) >= 2 and tokens[-1] in ("kommun", "stad"):
        base = tokens[:-1]
        bases = [base]
        if base[-1].endswith("s") and len(base[-1]) > 3:
            bases.append(base[:-1] + [base[-1][:-1]])  # "linköpings" → "linköping"
        forms |= {tuple(b + [last]) for b in bases for last in ("kommun", "stad")}
    # The genitive: "Skatteverkets", "Region Skånes".
    forms |= {form[:-1] + (form[-1] + "s",) for form in list(forms)}
    # One-word abbreviations match only as written in capitals (see `find_organisations`).
    return sorted(forms)


@lru_cache(maxsize=8)
def compiled(rows):
    """{first token: [(tokens, name, abbreviation)]} for the organisation rows."""
    index = {}
    for name, kind in rows:
        abbreviation = name.isupper() and len(name) <= 5
        for form in _aliases(name, kind):
            index.setdefault(form[0], []).append((form, name, abbreviation))
    for forms in index.values():
        forms.sort(key=lambda f: -len(f[0]))  # the longest name first
    return index


def organisations():
    return compiled(tuple(Organisation.objects.order_by("pk").values_list("name", "kind")))


def find_organisations(tokens, index, raw=""):
    """[(position, length, name)] of organisation names in a token list."""
    found, i = [], 0
    while i < len(tokens):
        for form, name, abbreviation in index.get(tokens[i], ()):
            if tuple(tokens[i:i + len(form)]) == form:
                # "IVO", "CSN": only as written in capitals, so a word is never an acronym.
                if abbreviation and not re.search(rf"\b{re.escape(name)}\b", raw):
                    continue
                found.append((i, len(form), name))
                i += len(form) - 1
                break
        i += 1
    return found


def _as_written(text, name):
    match = re.search(re.escape(name), text, re.IGNORECASE)
    return match.group(0) if match else name


def _first_line(text):
    match = re.search(r"\S[^\n]*", text)
    return (match.start(), match.end()) if match else (0, 0)


def _addressee(hit, hits, stream):
    """An addressee or organisation word within a few words after the greeting `hit`."""
    after = [t for t in stream if t.start >= hit.end][:ADDRESSEE_WINDOW]
    if not after:
        return None
    return next((h for h in hits if h.entry.kind in (Kind.ADDRESSEE, Kind.ORG_WORD)
                 and after[0].start <= h.start <= after[-1].start), None)


def greetings(text, index, hits, stream):
    """A greeting or heading to an organisation on the comment's first line."""
    start, end = _first_line(text)
    first_line = text[start:end]
    opening = [h for h in hits if h.entry.kind == Kind.GREETING and h.start == start]
    signals = []
    if opening:
        greeting = max(opening, key=lambda h: h.end)
        rest = text[greeting.end:end]
        orgs = [o for o in find_organisations(_tokens(rest), index, rest) if o[0] == 0]
        addressee = _addressee(greeting, hits, stream) if not orgs else None
        if orgs:
            signals.append((GREETING, 1.0, _as_written(text, orgs[0][2])))
        elif addressee and addressee.end <= end:
            evidence = text[greeting.start:addressee.end]
            signals.append((GREETING, addressee.entry.weight, evidence))
    heading = re.match(r"\s*([^:\n]{2,80}):", first_line)
    if heading:
        words = _tokens(heading.group(1))
        orgs = find_organisations(words, index, heading.group(1))
        if orgs and orgs[0][0] == 0 and orgs[0][1] == len(words):
            signals.append((GREETING, 1.0, heading.group(0).strip()))
    return signals


def demands(text, index, named_by_post, demand_words):
    """Sentences that name an organisation with a demand or in the second person."""
    signals = []
    for sentence in SENTENCE_RE.split(text):
        tokens = _tokens(sentence)
        for position, length, name in find_organisations(tokens, index, sentence):
            near = tokens[max(0, position - 6):position + length + 6]
            second_person = any(t in SECOND_PERSON for t in near)
            demand = any(t in demand_words for t in near)
            if name in named_by_post:
                # The post is about it: only a demand in the second person addresses it.
                if second_person and demand:
                    signals.append((DEMAND, 0.3, _as_written(sentence, name)))
            elif second_person or demand:
                signals.append((DEMAND, 0.8, _as_written(sentence, name)))
    return signals


def personal_details(context, hits):
    """Personal cases, requests to be contacted, mentions, addresses and numbers."""
    text = context.text
    signals = [(PERSONAL_CASE if h.entry.kind == Kind.CASE else CONTACT, h.entry.weight, h.words)
               for h in hits if h.entry.kind in (Kind.CASE, Kind.CONTACT)]
    signals += [(MENTION, 0.5, m.group(0)) for m in MENTION_RE.finditer(text)]
    signals += [(EMAIL, 0.8, email) for email in context.forms.emails]
    phones = [m.group(0).strip() for m in PHONE_RE.finditer(text)]
    signals += [(PHONE, 0.8, phone) for phone in phones]
    for match in PERSONAL_NUMBER_RE.finditer(text):
        number = match.group(0)
        if number not in phones and personnummer.valid(number.replace(" ", "-")):
            signals.append((PERSONAL_NUMBER, 1.0, number))
    return signals


_named = {}  # (paragraphs, id of the index): (index, names): a post is read once


def _named_by_post(paragraphs, index):
    key = (paragraphs, id(index))
    if key not in _named or _named[key][0] is not index:
        post_text = " ".join(paragraphs)
        if len(_named) > 64:
            _named.clear()
        found = find_organisations(_tokens(post_text), index, post_text)
        _named[key] = (index, frozenset(name for _i, _n, name in found))
    return _named[key][1]


@lru_cache(maxsize=8)
def _demand_words(entries):
    return frozenset(fold_word(e.phrase) for e in entries)


def check(context):
    text = context.text
    index = organisations()
    found = lists.load(*KINDS)
    hits = lists.find(text, context.words, found)
    named_by_post = _named_by_post(context.post_paragraphs, index)
    demand_words = _demand_words(tuple(found.of_kinds(Kind.DEMAND)))
    signals = (  # (reason, score, evidence)
        greetings(text, index, hits, context.words[1])
        + demands(text, index, named_by_post, demand_words) + personal_details(context, hits)
    )
    if not signals:
        return []
    reasons = list(dict.fromkeys(str(reason) for reason, _s, _e in signals))
    evidence = list(dict.fromkeys(e for _r, _s, e in signals))
    return [Result(
        rule="not_addressed_elsewhere",
        score=min(MAX_SCORE, sum(score for _r, score, _e in signals)),
        evidence=", ".join(evidence), reason="; ".join(reasons) + ".",
    )]
