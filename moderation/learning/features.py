"""How the model sees a comment: its words and character n-grams after disguises are
undone, and a few numbers about the comment against its post (for `on_topic`).

The text form is the list-matching reading of `moderation.normalise.word_tokens` (digits
and symbols for letters decoded, letters spelt apart joined), with each link's registered
domain as a word of its own, so "h.a.t" and "hat" look alike to the model.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..normalise import screening_forms, word_tokens

# Common Swedish and English words that say nothing of a comment's topic.
STOP_WORDS = frozenset("""
alla allt andra att av bara bli blir bra både då där de dem den denna dessa det detta dig
din du efter eller en er ett får finns från för ha hade han har hej hon hur här i inte jag
kan kommer man med men mer mig min mycket många måste ni nu när någon något några och också
om oss på sig sin ska skulle som så tack till under upp ut utan vad var vara vi vid vill
vilket år än är även över the and for that this with you are have was not but what
""".split())
NAMES_RE = re.compile(r"\b[A-ZÅÄÖ][\wåäöÅÄÖ-]{2,}")
DENSE = 7  # the number of numbers in post_numbers()


@dataclass(frozen=True)
class Doc:
    form: str  # the text as the vectorisers read it
    tokens: tuple  # normalise.Token of the joined reading: words with their original spans
    dense: tuple  # post_numbers()


def content(words):
    return [w for w in words if len(w) >= 4 and w not in STOP_WORDS and not w.isdigit()]


@lru_cache(maxsize=256)
def post_profile(paragraphs):
    """(word prefixes of the post, the post's names): what a comment on it may share."""
    words, names = set(), set()
    for paragraph in paragraphs:
        words.update(w[:5] for w in content(screening_forms(paragraph).text.split()))
        for name in NAMES_RE.findall(paragraph):
            folded = screening_forms(name).text
            if folded and folded not in STOP_WORDS:
                names.add(folded[:5])
    return frozenset(words), frozenset(names)


def post_numbers(text, words, domains, paragraphs):
    prefixes, names = post_profile(tuple(paragraphs))
    mine = content(words)
    shared = [w for w in mine if w[:5] in prefixes]
    named = {w[:5] for w in mine} & names
    letters = [ch for ch in text if ch.isalpha()]
    capitals = sum(1 for ch in letters if ch.isupper()) / len(letters) if letters else 0.0
    return (
        len(shared) / len(mine) if mine else 0.0,
        min(len(shared), 5) / 5,
        min(len(named), 3) / 3,
        min(math.log1p(len(mine)) / math.log(60), 1.0),
        1.0 if len(mine) < 5 else 0.0,
        min(len(domains), 3) / 3,
        capitals,
    )


def make_doc(text, paragraphs, forms=None, words=None):
    """The comment as the model reads it; `forms` and `words` are the screening context's
    when it has them (normalised once per comment)."""
    forms = forms or screening_forms(text)
    tokens = tuple((words or word_tokens(text))[1])
    folded = [t.word for t in tokens]
    form = " ".join(folded + [f"lnk {d}" for d in forms.domains])
    return Doc(form=form, tokens=tokens,
               dense=post_numbers(text, forms.text.split(), forms.domains, paragraphs))


class Features:
    """Character n-grams (2–5, within words), words and word pairs, and post_numbers()."""

    DENSE_WEIGHT = 1.0

    def __init__(self):
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2,
                                     sublinear_tf=True, lowercase=False, dtype=np.float64)
        self.words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2,
                                     sublinear_tf=True, lowercase=False,
                                     token_pattern=r"\S+", dtype=np.float64)

    def fit(self, docs):
        forms = [d.form for d in docs]
        self.chars.fit(forms)
        self.words.fit(forms)
        for vectoriser in (self.chars, self.words):
            # A set in the pickle would be ordered by the process's string hash seed.
            if hasattr(vectoriser, "stop_words_"):
                del vectoriser.stop_words_
        self.n_chars = len(self.chars.vocabulary_)
        self.n_words = len(self.words.vocabulary_)
        return self

    def transform(self, docs):
        if len(docs) == 1:
            return self.transform_one(docs[0])
        forms = [d.form for d in docs]
        dense = sparse.csr_matrix(np.array([d.dense for d in docs], dtype=np.float64)
                                  * self.DENSE_WEIGHT)
        return sparse.hstack(
            [self.chars.transform(forms), self.words.transform(forms), dense], format="csr",
        )

    def transform_one(self, doc):
        columns, values = self.vector_one(doc)
        return sparse.csr_matrix((values, (np.zeros(len(columns), dtype=int), columns)),
                                 shape=(1, self.n_chars + self.n_words + DENSE))

    def vector_one(self, doc):
        """(columns, values) of transform([doc]) without the vectorisers' and scipy's
        per-call overhead (screening reads one comment at a time): the same sublinear
        TF-IDF, L2-normalised per vectoriser, then post_numbers()."""
        columns, values, offset = [], [], 0
        for vectoriser in (self.chars, self.words):
            counts = Counter(vectoriser.build_analyzer()(doc.form))
            vocabulary = vectoriser.vocabulary_
            found = sorted((j, c) for g, c in counts.items() if (j := vocabulary.get(g)) is not None)
            if found:
                j = np.array([j for j, _ in found])
                v = (1 + np.log([c for _, c in found])) * vectoriser.idf_[j]
                columns.append(j + offset)
                values.append(v / np.linalg.norm(v))
            offset += len(vocabulary)
        dense = [(offset + i, v * self.DENSE_WEIGHT) for i, v in enumerate(doc.dense) if v]
        columns.append(np.array([c for c, _ in dense], dtype=int))
        values.append(np.array([v for _, v in dense], dtype=np.float64))
        return np.concatenate(columns), np.concatenate(values)

    def columns_of_word(self, word):
        """The columns a single word feeds: its character n-grams and itself."""
        padded = f" {word} "
        columns = set()
        for n in range(2, 6):
            for i in range(len(padded) - n + 1):
                j = self.chars.vocabulary_.get(padded[i:i + n])
                if j is not None:
                    columns.add(j)
        j = self.words.vocabulary_.get(word)
        if j is not None:
            columns.add(self.n_chars + j)
        return columns
