"""`on_topic`: how much a comment has in common with its post.

TF-IDF cosine on character n-grams (3 to 5 characters within words, "char_wb") of the
normalised text without Swedish stop words. Character n-grams catch shared word stems and
parts of compounds ("rättigheter" in "barnrättigheter") that a word stemmer misses.

IDF comes from the post's own paragraphs (title, intro, each body block, the tags) plus a
fixed background of everyday Swedish sentences (`moderation/data/background_sv.txt`): the
post's paragraphs make its recurring topic words count, the background makes n-grams common
in any Swedish text ("het ", "ning") count less. Both are small and known, so the check
needs no corpus of stored comments and its cost does not grow with them.

The post's own names (capitalised words of its text, and its tags: places, events, people,
organisations) are strong matches: a comment naming one is on topic. Short comments (fewer
than MIN_CONTENT_WORDS content words) are judged too, by their words alone: one that
shares a word stem with the post is on topic; one with an off-topic row ("matchen",
"vädret", "recept*"), or with SHORT_UNRELATED content words, none shared and no question
mark, is off topic. A
thanks with no content words is never judged. A comment in another language (see
`language`) is judged only by its names and off-topic words: it is never flagged for
being English. A comment with a hit of the tone lists is left to those rules.

A reply is judged against the conversation: the post's paragraphs plus the texts it answers
(`Context.conversation`), so a short answer that picks up its question's words is on topic.

Stop words and off-topic words are ListedPhrase rows (kinds "stop" and "offtopic"), which
officers edit in the admin.
"""

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from ..models import ListedPhrase
from ..normalise import content_words, fold_word, screening_forms
from . import language, lists, tone
from .base import Result

MIN_CONTENT_WORDS = 8
SHORT_UNRELATED = 5  # content words of a short comment, none shared with the post
STEM_LETTERS = 5  # two words share a stem when their first five letters agree
LITTLE_IN_COMMON = _("Has little in common with the post (similarity %(similarity).2f).")
OFF_TOPIC_WORDS = _("Short and about something else than the post.")
SHORT_SCORE = 0.6
NAME_RE = re.compile(r"(?<![\w-])[A-ZÅÄÖÉÜ][\w-]{2,}")
SENTENCE_END = re.compile(r"(?:^|[.!?:;\n])\W*$")

BACKGROUND = Path(__file__).resolve().parent.parent / "data" / "background_sv.txt"


@lru_cache(maxsize=8)
def _stop_words(phrases):
    return frozenset(fold_word(phrase) for phrase in phrases)


def word_lists():
    """(stop words, the off-topic Lists); each asks the database only whether it changed."""
    stops = lists.load(ListedPhrase.Kind.STOP).entries
    return _stop_words(tuple(e.phrase for e in stops)), lists.load(ListedPhrase.Kind.OFFTOPIC)


def ngrams(text, stop_words):
    """Counter of char_wb 3-5 grams of the content words of normalised `text`."""
    counts = Counter()
    for word in content_words(text, stop_words):
        padded = f" {word} "
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                counts[padded[i:i + n]] += 1
    return counts


@lru_cache(maxsize=8)
def background(stop_words):
    lines = BACKGROUND.read_text(encoding="utf-8").splitlines()
    docs = [ngrams(screening_forms(line).text, stop_words)
            for line in lines if line and not line.startswith("#")]
    return len(docs), Counter(g for doc in docs for g in doc)


def post_names(paragraph):
    """Capitalised words that do not begin a sentence: names of places, people, events."""
    return [m.group(0) for m in NAME_RE.finditer(paragraph)
            if not SENTENCE_END.search(paragraph[:m.start()])]


def _stem(word):
    return word[:STEM_LETTERS] if len(word) > STEM_LETTERS else word


class PostModel:
    """The post's TF-IDF vector, the IDF to weigh comments with, its names and stems."""

    def __init__(self, paragraphs, stop_words):
        self.stop_words = stop_words
        docs = [ngrams(screening_forms(p).text, stop_words) for p in paragraphs]
        n_background, df_background = background(stop_words)
        self.n_docs = n_background + len(docs) + 1  # +1: the comment itself
        self.df = Counter(df_background)
        for doc in docs:
            self.df.update(doc.keys())
        whole = Counter()
        for doc in docs:
            whole.update(doc)
        self.vector = self.weigh(whole)
        words = [w for p in paragraphs for w in content_words(screening_forms(p).text, stop_words)]
        self.stems = frozenset(_stem(w) for w in words if len(w) >= 4)
        tags = paragraphs[-1].split() if paragraphs else []
        names = [n for p in paragraphs for n in post_names(p)] + tags
        self.names = frozenset(
            _stem(w) for n in names for w in screening_forms(n).text.split()
            if len(w) >= 3 and w not in stop_words
        )

    def idf(self, gram, in_comment=False):
        df = self.df.get(gram, 0) + (1 if in_comment else 0)
        return math.log((1 + self.n_docs) / (1 + df)) + 1

    def weigh(self, counts, in_comment=False):
        vector = {g: (1 + math.log(c)) * self.idf(g, in_comment) for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {g: v / norm for g, v in vector.items()}

    def similarity(self, text):
        comment = self.weigh(ngrams(text, self.stop_words), in_comment=True)
        return sum(v * self.vector.get(g, 0.0) for g, v in comment.items())

    def names_in(self, words):
        return [w for w in words if _stem(w) in self.names]

    def shared(self, words):
        return [w for w in words if len(w) >= 4 and _stem(w) in self.stems]


@lru_cache(maxsize=64)
def post_model(paragraphs, stop_words):
    return PostModel(paragraphs, stop_words)


def similarity(comment_text, paragraphs):
    stop_words, _off = word_lists()
    return post_model(tuple(paragraphs), stop_words).similarity(screening_forms(comment_text).plain)


def _off_topic_words(context, off_lists):
    return [h.words for h in lists.find(context.text, context.words, off_lists)]


def check(context):
    stop_words, off_lists = word_lists()
    text = context.forms.plain
    words = content_words(text, stop_words)
    model = post_model(context.conversation, stop_words)
    # Abuse is judged by the tone rules; officers do not call it off topic as well.
    if not words or model.names_in(words) or tone.listed_hits(context):
        return []
    off_words = _off_topic_words(context, off_lists)
    if len(words) < MIN_CONTENT_WORDS or not language.is_swedish(context.text):
        if model.shared(words) and not off_words:
            return []
        # A short question is mostly about the event ("Blir det möjligt att delta digitalt?"):
        # only its off-topic words make it off topic.
        unrelated = (len(words) >= SHORT_UNRELATED and "?" not in context.text
                     and language.is_swedish(context.text) and not model.shared(words))
        if off_words or unrelated:
            return [Result(rule="on_topic", score=SHORT_SCORE, reason=OFF_TOPIC_WORDS,
                           evidence=", ".join(dict.fromkeys(off_words)))]
        return []
    score = model.similarity(text)
    threshold = context.settings.on_topic_threshold
    if score >= threshold and not (off_words and score < 2 * threshold):
        return []
    return [Result(
        rule="on_topic", score=round(0.5 + 0.5 * max(0.0, threshold - score) / threshold, 3),
        reason=LITTLE_IN_COMMON % {"similarity": score}, evidence=", ".join(dict.fromkeys(off_words)),
    )]
