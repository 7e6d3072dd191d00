"""Comment text the way the checks compare it: disguises undone, Swedish letters kept.

`screening_forms(text)` is the pipeline shared by fingerprints, topic and organisation
checks. It starts from the text as comments store it (`comments.text.normalise`: NFC, "\n"
line breaks), then:

1. remove invisibles (category Cf: zero-width, bidi controls, soft hyphen, BOM; variation
   selectors; the combining grapheme joiner; Hangul and Braille fillers);
2. NFKC, casefold, NFKC (full-width and mathematical letters become plain ones);
3. links and e-mail addresses become tokens: a link counts by its registered domain, an
   e-mail address by nothing (both are left out of `plain`, which fingerprints use);
4. NFD, non-Latin look-alikes mapped to a-z/0-9 (Cyrillic "а", Greek "ο"...); Latin letters
   and digits are never remapped, so "för" never becomes "for";
5. NFC, so å ä ö come back whole;
6. leftover combining marks dropped, punctuation to spaces, white space collapsed.

`word_tokens(text)` goes further, for the word lists only: digits and "@" inside words
become letters (0→o 1→i 3→e 4→a 5→s 7→t, @→a, $→s), runs of three or more equal letters
shrink, and letters spelt apart ("h a t", "h.a.t") are joined. A symbol standing for a
letter inside a word ("j*vla", "b!g") is kept as "?" in the token's `masked` form, which the
word lists try with every letter. Each token keeps the span of the original text it came
from, so evidence is quoted as the reader wrote it. `fold_disguise` folds Latin diacritics
used as disguise ("ïdiöt") but never å, ä or ö on their own: kön/kon and för/for stay apart.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from confusable_homoglyphs.utils import load as load_confusables

from comments.text import normalise as stored_form

from . import links

# --- 1. Invisibles -----------------------------------------------------------------------

_FILLERS = {"\u034f", "\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}


def _is_invisible(ch):
    code = ord(ch)
    return (
        unicodedata.category(ch) == "Cf"
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF  # variation selectors supplement
        or ch in _FILLERS
    )


def remove_invisibles(text):
    return "".join(ch for ch in text if not _is_invisible(ch))


# --- 4. Look-alikes ----------------------------------------------------------------------

# A few look-alikes the Unicode confusables data leaves out or maps to more than one letter.
_EXTRA_LOOKALIKES = {
    "ı": "i",  # Latin dotless i is Latin, but only ever used here as a disguise of "i"
    "ɑ": "a",
    "ј": "j",
    "һ": "h",
    "ԁ": "d",
    "ѡ": "w",
    "ɡ": "g",
}


def _is_latin_or_digit(ch):
    if "0" <= ch <= "9":
        return True
    name = unicodedata.name(ch, "")
    return name.startswith(("LATIN ", "DIGIT "))


def _single_ascii(homoglyphs):
    targets = {
        h["c"].casefold() for h in homoglyphs
        if len(h["c"]) == 1 and h["c"].isascii() and h["c"].isalnum()
    }
    return targets.pop() if len(targets) == 1 else None


@lru_cache(maxsize=1)
def lookalike_table():
    """{code point: "a"-"z" or "0"-"9"} for non-Latin letters that look like them.

    Built once per process from the Unicode confusables data shipped with
    `confusable_homoglyphs`: a character maps to a target only when it is not itself a Latin
    letter or a digit and the data names a single ASCII letter or digit it is confused with.
    """
    table = {}
    data = load_confusables("confusables.json")
    for char, homoglyphs in data.items():
        if len(char) != 1 or char.isascii() or _is_latin_or_digit(char):
            continue
        target = _single_ascii(homoglyphs)
        if target:
            table.setdefault(ord(char), target)
    # Text is casefolded first, so a small letter whose capital looks Latin maps too
    # (Cyrillic "т" of "Т", "к" of "К"), unless the small letter has a look-alike of its own.
    for char, homoglyphs in data.items():
        if len(char) != 1 or char.isascii() or _is_latin_or_digit(char):
            continue
        small = char.casefold()
        target = _single_ascii(homoglyphs)
        if target and len(small) == 1 and small != char and not _is_latin_or_digit(small):
            table.setdefault(ord(small), target)
    table.update({ord(k): v for k, v in _EXTRA_LOOKALIKES.items()})
    return table


# --- 3. Links and e-mail addresses -------------------------------------------------------

_TLDS = (
    "se|nu|com|net|org|info|eu|io|biz|co|me|app|dev|xyz|online|site|shop|store|top|club|"
    "uk|de|dk|no|fi|fr|nl|ru|us|ly|gl|to|tv|cc|ws|link|click|gd|gy|at"
)
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", re.IGNORECASE)
LINK_RE = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+"
    rf"|\b(?:[a-z0-9-]+\.)+(?:{_TLDS})\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
def registered_domain(link):
    """"https://www.example.co.uk/x?y" → "example.co.uk"; "sub.regeringen.se" → "regeringen.se"
    (the Public Suffix List, moderation/links.py; look-alike letters in the host undone)."""
    return links.registrable(links.host_of(link).translate(lookalike_table()))


# --- 2, 5, 6 -----------------------------------------------------------------------------


def _fold(text):
    """Steps 1 and 2: no invisibles, NFKC, casefold, NFKC."""
    text = remove_invisibles(text)
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _letters(text):
    """Steps 4 to 6 on text already folded: look-alikes, NFC, no marks or punctuation."""
    text = unicodedata.normalize("NFD", text).translate(lookalike_table())
    text = unicodedata.normalize("NFC", text)
    out = []
    for ch in text:
        if unicodedata.combining(ch):
            continue
        out.append(ch if ch.isalnum() else " ")
    return " ".join("".join(out).split())


@dataclass(frozen=True)
class Normalised:
    text: str  # links as their registered domain, e-mail addresses left out
    plain: str  # links and e-mail addresses left out: what fingerprints hash
    domains: tuple  # the registered domain of each link, in order
    emails: tuple  # e-mail addresses as written (folded)


def screening_forms(text):
    """The forms of `text` the checks compare (see the module docstring)."""
    folded = _fold(stored_form(text))
    emails = tuple(EMAIL_RE.findall(folded))
    folded = EMAIL_RE.sub(" ", folded)
    domains = []

    def as_domain(match):
        domains.append(registered_domain(match.group(0)))
        return f" \x00{len(domains) - 1}\x00 "

    marked = LINK_RE.sub(as_domain, folded)
    plain = _letters(re.sub(r"\x00\d+\x00", " ", marked))
    text = _letters(re.sub(r"\x00(\d+)\x00", lambda m: domains[int(m.group(1))], marked))
    return Normalised(text=text, plain=plain, domains=tuple(domains), emails=emails)


# --- The word-list variant ---------------------------------------------------------------

_DIGIT_LETTERS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_SYMBOL_LETTERS = {"@": "a", "$": "s", "€": "e", "!": "i", "|": "l"}
_RUN3 = re.compile(r"([^\W\d_])\1{2,}")


def _leet(chunk):
    """Digits and symbols that stand for letters, only inside words with letters in them."""
    if not any(ch.isalpha() for ch in chunk):
        return chunk
    chars = list(chunk)
    for i, ch in enumerate(chars):
        if ch in _SYMBOL_LETTERS:
            before = i > 0 and chars[i - 1].isalnum()
            after = i + 1 < len(chars) and chars[i + 1].isalnum()
            # "h@t", "id!ot": a symbol between letters; "jävla!" keeps its "!".
            if before and after:
                chars[i] = _SYMBOL_LETTERS[ch]
    chunk = "".join(chars)

    def letters(m):
        run = m.group(0)
        # A run with letters ("h4t"), or one digit spelt among letters ("i.d.i.0.t"); never
        # a number of its own ("covid-19", "2024").
        if re.search(r"[^\W\d_]", run) or (len(run) == 1 and len(chunk) > 1):
            return run.translate(_DIGIT_LETTERS)
        return run

    return re.sub(r"[^\W_]+", letters, chunk)


def shrink_runs(word, keep=1):
    """Runs of three or more equal letters shrink to `keep` ("idiooooot" → "idiot")."""
    return _RUN3.sub(lambda m: m.group(1) * keep, word)


@dataclass(frozen=True)
class Token:
    word: str
    start: int  # span in the original text
    end: int
    spelt: bool = False  # joined from letters spelt apart: may hold several words
    masked: str = ""  # the word with "?" for each symbol standing for a letter, if any


# "j*vla", "b!g", "h#ra", "f**k": one or two symbols between letters stand for letters.
_MASK_RE = re.compile(r"(?<=[^\W\d_])[*!#@_]{1,2}(?=[^\W\d_])")
_MASK_SENTINEL = "\u4e00"  # a letter that survives `_letters` and is never a look-alike


def _masked(folded):
    if not _MASK_RE.search(folded):
        return ""
    marked = _MASK_RE.sub(lambda m: _MASK_SENTINEL * len(m.group(0)), folded)
    word = "".join(_letters(_leet(marked)).split()).replace(_MASK_SENTINEL, "?")
    return word if 0 < word.count("?") <= 2 else ""


def word_tokens(text):
    """The comment as list-matching words, each with the span of the original it came from.

    Two readings are returned, because a disguise and ordinary punctuation look alike:
    `split` breaks words at punctuation ("e-post" → "e", "post"); `joined` removes
    punctuation inside a word ("h.a.t" → "hat", "id-iot" → "idiot"). In both, three or more
    single letters in a row are joined ("h a t" → "hat").
    """
    split, joined = [], []
    for match in re.finditer(r"\S+", text):
        chunk = match.group(0)
        folded = _fold(chunk)
        if LINK_RE.fullmatch(folded) or EMAIL_RE.fullmatch(folded):
            continue
        letters = _letters(_leet(folded))
        if not letters:
            continue
        parts = letters.split()
        split.extend(Token(p, match.start(), match.end()) for p in parts)
        joined.append(Token("".join(parts), match.start(), match.end(), masked=_masked(folded)))
    return _join_single_letters(split), _join_single_letters(joined)


def _join_single_letters(tokens):
    out, run = [], []

    def flush():
        if len(run) >= 3:
            out.append(Token("".join(t.word for t in run), run[0].start, run[-1].end, spelt=True))
        else:
            out.extend(run)
        run.clear()

    for token in tokens:
        if len(token.word) == 1 and token.word.isalpha():
            run.append(token)
        else:
            flush()
            out.append(token)
    flush()
    return out


def content_words(text, stop_words):
    """Words of normalised `text` that carry meaning (not stop words, not numbers)."""
    return [w for w in text.split() if len(w) > 1 and w not in stop_words and not w.isdigit()]


# Latin letters that do not decompose into a base letter and a mark.
_LATIN_EXTRA = {"ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d",
                "þ": "th", "ı": "i", "ŀ": "l", "ħ": "h"}
_SWEDISH = frozenset("åäö")
_UNSWEDISH = str.maketrans({"å": "a", "ä": "a", "ö": "o"})


@lru_cache(maxsize=20000)
def fold_disguise(word):
    """(`word` with Latin diacritics folded except å ä ö, whether any were).

    "ïdiöt" → ("idiöt", True); "kön" → ("kön", False). A word that was disguised may also be
    read without its Swedish marks (`unswedish`): its writer plays with letters anyway."""
    out, changed = [], False
    for ch in word:
        if ch.isascii() or ch in _SWEDISH:
            out.append(ch)
            continue
        base = _LATIN_EXTRA.get(ch) or "".join(
            c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)
        )
        changed = changed or base != ch
        out.append(base or ch)
    return "".join(out), changed


def unswedish(word):
    return word.translate(_UNSWEDISH)


def fold_word(word):
    """A listed word as the matcher compares it: folded, look-alikes mapped, no punctuation
    ("cp-skadad" → "cpskadad"), Latin diacritics but å ä ö folded ("idé" → "ide"). Listed
    words are not leet-decoded: they are written plainly."""
    return fold_disguise("".join(_letters(_fold(word)).split()))[0]
