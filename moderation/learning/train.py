"""Training the screening model from examples (examples.py): the protocol, the thresholds
and the held-out figures.

1. A fixed, stratified 20 % of the examples is held out; the other 80 % trains.
2. On the 80 %, five-fold cross-validation gives each example a probability from a model
   that did not see it; each rule's threshold is the lowest at which precision is at least
   TARGET_PRECISION, which gives the most recall (the best F0.5 when none reaches it).
3. A model fitted on the 80 % is scored on the 20 % with those thresholds: the figures on
   the model page.
4. The model kept is fitted on all the examples, with the same thresholds.

The vocabulary and IDF of the features are fitted once on all the texts (no labels): the
held-out figures are measured with the same features the kept model has.
"""

import time

import numpy as np
from sklearn.model_selection import StratifiedKFold, train_test_split

from .classifier import RuleModels, fit_rules, probabilities
from .examples import strata
from .features import Features, make_doc

TARGET_PRECISION = 0.80
HELD_OUT = 0.20
FOLDS = 5
DECISION_WEIGHT = 3.0  # an officer's decision on this blog counts more than a written example


def choose_threshold(y, p):
    order = np.argsort(-p, kind="stable")
    y, p = y[order], p[order]
    tp = np.cumsum(y)
    k = np.arange(1, len(y) + 1)
    precision, recall = tp / k, tp / max(y.sum(), 1)
    ok = np.nonzero(precision >= TARGET_PRECISION)[0]
    if len(ok):
        best = ok[np.argmax(recall[ok] + 1e-9 * ok)]  # most recall; ties: lowest threshold
    else:
        f = 1.25 * precision * recall / np.maximum(0.25 * precision + recall, 1e-12)
        best = int(np.argmax(f))
    return float(max(p[best], 0.05))


def out_of_fold(X, labels, weights, rules):
    oof = {rule: np.zeros(X.shape[0]) for rule in rules}
    for rule in rules:
        y = np.array([rule in row for row in labels], dtype=int)
        folds = StratifiedKFold(n_splits=min(FOLDS, int(y.sum())), shuffle=True, random_state=0)
        for train, test in folds.split(np.zeros(len(y)), y):
            fitted = fit_rules(X[train], [labels[i] for i in train], weights[train], [rule])
            if rule in fitted:
                oof[rule][test] = probabilities(fitted, X[test])[rule]
    return oof


def scores(y, predicted):
    tp = int((y & predicted).sum())
    fp = int((~y & predicted).sum())
    fn = int((y & ~predicted).sum())
    return {"positives": int(y.sum()), "precision": round(tp / (tp + fp), 3) if tp + fp else None,
            "recall": round(tp / (tp + fn), 3) if tp + fn else None, "false_positives": fp}


def held_out_split(examples):
    indices = np.arange(len(examples))
    return train_test_split(indices, test_size=HELD_OUT, random_state=0,
                            stratify=strata(examples))


def train(examples):
    """(RuleModels, metrics, thresholds) from sorted `examples`."""
    started = time.perf_counter()
    docs = [make_doc(e.text, e.paragraphs) for e in examples]
    labels = [e.labels for e in examples]
    weights = np.array([DECISION_WEIGHT if e.kind == "decision" else 1.0 for e in examples])
    features = Features().fit(docs)
    X = features.transform(docs)
    learn, held = held_out_split(examples)
    part = fit_rules(X[learn], [labels[i] for i in learn], weights[learn])
    oof = out_of_fold(X[learn], [labels[i] for i in learn], weights[learn], list(part))
    thresholds = {rule: choose_threshold(
        np.array([rule in labels[i] for i in learn], dtype=int), oof[rule]) for rule in part}
    held_p = probabilities(part, X[held])
    metrics = {"examples": len(examples), "held_out": len(held), "rules": {}}
    for rule, p in held_p.items():
        y = np.array([rule in labels[i] for i in held], dtype=bool)
        metrics["rules"][rule] = scores(y, p >= thresholds[rule])
    classifiers = fit_rules(X, labels, weights, list(part))
    metrics["seconds"] = round(time.perf_counter() - started, 2)
    return RuleModels(features, classifiers, thresholds), metrics, thresholds
