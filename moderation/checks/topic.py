"""`on_topic`: how much a comment has in common with its post.

TF-IDF cosine on character n-grams (3 to 5 characters within words, "char_wb") of the
normalised text without Swedish stop words. Character n-grams catch shared word stems and
parts of compounds ("rättigheter" in "barnrättigheter") that a word stemmer misses.

IDF comes from the post's own paragraphs (title, intro, each body block, the tags) plus a
fixed background of everyday Swedish sentences (`moderation/data/background_sv.txt`): the
post's paragraphs make its recurring topic words count, the background makes n-grams common
in any Swedish text ("het ", "ning") count less. Both are small and known, so the check
needs no corpus of stored comments and its cost does not grow with them.

Comments with fewer than MIN_CONTENT_WORDS content words are not judged: a short thanks
has too few n-grams to say anything.
"""

import math
from collections import Counter
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from ..normalise import content_words, screening_forms
from .base import Result

MIN_CONTENT_WORDS = 8
LITTLE_IN_COMMON = _("Has little in common with the post (similarity %(similarity).2f).")

STOP_WORDS = frozenset(["alla", "allt", "alltid", "aldrig", "andra", "annan", "annat", "att", "av", "bara", "bli", "blev", "blir", "bra", "både", "då", "där", "de", "dem", "den", "denna", "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "efter", "eftersom", "eller", "en", "er", "era", "ert", "ett", "får", "fick", "finns", "flera", "från", "för", "före", "ha", "hade", "han", "hans", "har", "hej", "hela", "helt", "henne", "hennes", "här", "hon", "honom", "hur", "i", "igen", "ingen", "inget", "inte", "jag", "ju", "just", "kan", "kunde", "kommer", "man", "med", "mellan", "men", "mer", "mig", "min", "mina", "mitt", "mot", "mycket", "många", "måste", "ni", "nog", "nu", "när", "någon", "något", "några", "och", "också", "om", "oss", "på", "redan", "sa", "sedan", "sig", "sin", "sina", "sitt", "ska", "skall", "skulle", "som", "så", "säger", "tack", "till", "under", "upp", "ut", "utan", "vad", "var", "vara", "varför", "varit", "vem", "vi", "vid", "vilka", "vilken", "vilket", "vill", "väl", "vår", "våra", "vårt", "än", "även", "är", "åt", "över", "tycker", "tror", "bara", "också", "hos", "kring", "genom", "inom", "samma", "själv", "göra", "gör", "gjorde", "väldigt", "verkligen", "lite", "kanske", "ja", "nej", "okej", "ok"])

BACKGROUND = Path(__file__).resolve().parent.parent / "data" / "background_sv.txt"


def ngrams(text):
    """Counter of char_wb 3-5 grams of the content words of normalised `text`."""
    counts = Counter()
    for word in content_words(text, STOP_WORDS):
        padded = f" {word} "
        for n in (3, 4, 5):
            for i in range(len(padded) - n + 1):
                counts[padded[i:i + n]] += 1
    return counts


@lru_cache(maxsize=1)
def background():
    lines = BACKGROUND.read_text(encoding="utf-8").splitlines()
    docs = [ngrams(screening_forms(line).text) for line in lines if line and not line.startswith("#")]
    return len(docs), Counter(g for doc in docs for g in doc)


class PostModel:
    """The post's TF-IDF vector and the IDF to weigh comments with."""

    def __init__(self, paragraphs):
        docs = [ngrams(screening_forms(p).text) for p in paragraphs]
        n_background, df_background = background()
        self.n_docs = n_background + len(docs) + 1  # +1: the comment itself
        self.df = Counter(df_background)
        for doc in docs:
            self.df.update(doc.keys())
        whole = Counter()
        for doc in docs:
            whole.update(doc)
        self.vector = self.weigh(whole)

    def idf(self, gram, in_comment=False):
        df = self.df.get(gram, 0) + (1 if in_comment else 0)
        return math.log((1 + self.n_docs) / (1 + df)) + 1

    def weigh(self, counts, in_comment=False):
        vector = {g: (1 + math.log(c)) * self.idf(g, in_comment) for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        return {g: v / norm for g, v in vector.items()}

    def similarity(self, text):
        comment = self.weigh(ngrams(text), in_comment=True)
        return sum(v * self.vector.get(g, 0.0) for g, v in comment.items())


@lru_cache(maxsize=64)
def post_model(paragraphs):
    return PostModel(paragraphs)


def similarity(comment_text, paragraphs):
    return post_model(tuple(paragraphs)).similarity(screening_forms(comment_text).plain)


def check(context):
    text = context.forms.plain
    if len(content_words(text, STOP_WORDS)) < MIN_CONTENT_WORDS:
        return []
    score = post_model(context.post_paragraphs).similarity(text)
    threshold = context.settings.on_topic_threshold
    if score >= threshold:
        return []
    return [Result(
        rule="on_topic", score=round(0.5 + 0.5 * (threshold - score) / threshold, 3),
        reason=LITTLE_IN_COMMON % {"similarity": score},
    )]
