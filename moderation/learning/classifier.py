"""The fitted screening model: one logistic regression per rule over shared features, the
threshold of each rule, and the words that weighed most (the evidence a finding shows).

Training (train.py) is deterministic: sorted examples, fixed random states, a solver
without randomness (liblinear), so the same inputs give the same pickle.
"""

import numpy as np
from sklearn.linear_model import LogisticRegression

from ..rules import RULE_KEYS
from .features import STOP_WORDS, Features, make_doc

# Rules with fewer positive examples than this are not learned (no classifier, no finding).
MIN_POSITIVES = 8
EVIDENCE_WORDS = 3


def new_classifier():
    # The dual problem: far faster with many more n-grams than comments.
    return LogisticRegression(solver="liblinear", dual=True, class_weight="balanced", C=4.0,
                              max_iter=2000, random_state=0)


def fit_rules(X, labels, weights, rules=RULE_KEYS):
    """{rule: fitted LogisticRegression} for each rule with enough positives in `labels`."""
    fitted = {}
    for rule in rules:
        y = np.array([rule in row for row in labels], dtype=int)
        if y.sum() < MIN_POSITIVES or y.sum() == len(y):
            continue
        fitted[rule] = new_classifier().fit(X, y, sample_weight=weights)
    return fitted


def probabilities(classifiers, X):
    """{rule: array of P(breaks rule)} for the rows of X."""
    return {rule: clf.predict_proba(X)[:, 1] for rule, clf in classifiers.items()}


class RuleModels:
    """What is pickled into ScreeningModel.pipeline."""

    def __init__(self, features: Features, classifiers: dict, thresholds: dict):
        self.features = features
        self.classifiers = classifiers
        self.thresholds = thresholds
        # The classifiers' weights side by side: one product gives every rule's probability
        # of one comment, without scikit-learn's per-call checks (milliseconds per rule).
        self.rules = list(classifiers)
        self.weights = np.column_stack([c.coef_[0] for c in classifiers.values()]) if classifiers \
            else np.zeros((0, 0))
        self.intercepts = np.array([c.intercept_[0] for c in classifiers.values()])

    def probabilities_of_one(self, vector):
        """{rule: P(breaks rule)} of one comment's (columns, values), as predict_proba."""
        if not self.rules:
            return {}
        columns, values = vector
        z = values @ self.weights[columns] + self.intercepts
        p = 1.0 / (1.0 + np.exp(-z))
        return dict(zip(self.rules, p.tolist(), strict=True))

    def read(self, text, paragraphs, forms=None, words=None):
        doc = make_doc(text, paragraphs, forms=forms, words=words)
        return doc, self.features.vector_one(doc)

    def predict(self, text, paragraphs, forms=None, words=None):
        """{rule: probability} of one comment."""
        _, vector = self.read(text, paragraphs, forms=forms, words=words)
        return self.probabilities_of_one(vector)

    def findings(self, text, paragraphs, forms=None, words=None):
        """[(rule, probability, evidence words)] for each rule at or over its threshold."""
        doc, vector = self.read(text, paragraphs, forms=forms, words=words)
        found = []
        for rule, p in self.probabilities_of_one(vector).items():
            if p >= self.thresholds.get(rule, 1.01):
                found.append((rule, p, self.evidence(doc, vector, rule)))
        return found

    def evidence(self, doc, vector, rule):
        """The comment's words (as written) that pushed most towards `rule`, in text order."""
        coef = self.weights[:, self.rules.index(rule)]
        values = dict(zip(vector[0].tolist(), vector[1].tolist(), strict=True))
        weighed = []
        for position, token in enumerate(doc.tokens):
            if len(token.word) < 3 or token.word in STOP_WORDS:
                continue  # "och" may weigh, but shows an officer nothing
            columns = self.features.columns_of_word(token.word)
            weight = sum(values.get(j, 0.0) * coef[j] for j in columns)
            if weight > 0:
                weighed.append((-weight, position, token))
        top = sorted(weighed)[:EVIDENCE_WORDS]
        return [token for _, _, token in sorted(top, key=lambda item: item[1])]
