"""The screening model in the database: train and store a new version, make a version
active (roll back), and the active one, loaded once per process.

Screening asks for the active version with one small query (its key: version and inputs
hash) and unpickles a version only the first time this process meets it. The pickle is
only ever read from our own table, written by `store_new` here.

A fresh install trains version 1 from the shipped corpus right after `migrate`
(apps.py connects `install_after_migrate`), or on first use when the table is empty.
Two processes that train at once both try to store the same version number; the unique
version lets one of them win and the other takes the winner.
"""

import logging
import pickle
import time

import sklearn
from django.db import IntegrityError, connection, transaction

from ..models import ScreeningModel
from . import examples, train

logger = logging.getLogger(__name__)

# Part of the inputs' hash: a change of features or library is a change of inputs.
FEATURES_VERSION = f"screening-features-1 scikit-learn-{sklearn.__version__}"
_loaded = {}  # (pk, version, inputs hash) → RuleModels, or None for a model that fails to load
_trained = {}  # inputs hash → what train() made of them (training twice in a process is waste)


def trained(inputs):
    digest = inputs.digest(FEATURES_VERSION)
    if digest not in _trained:
        started = time.perf_counter()
        model, metrics, thresholds = train.train(inputs.examples)
        pipeline = pickle.dumps(model, protocol=5)
        if len(_trained) >= 2:  # the latest inputs, and the corpus alone (a flushed database)
            _trained.pop(next(iter(_trained)))
        _trained[digest] = (pipeline, metrics, thresholds, time.perf_counter() - started)
    return digest, _trained[digest]


def store_new(inputs, trigger):
    """Train on `inputs` and store the result as the next, active version. Returns
    (the active row, whether it is new). Nothing new when the latest version was trained
    on the same inputs (the nightly run without new decisions; a second run at once)."""
    latest = ScreeningModel.objects.order_by("-version").defer("pipeline").first()
    digest = inputs.digest(FEATURES_VERSION)
    if latest is not None and latest.inputs_hash == digest:
        return active_row() or latest, False
    digest, (pipeline, metrics, thresholds, seconds) = trained(inputs)
    try:
        with transaction.atomic():
            ScreeningModel.objects.filter(active=True).update(active=False)
            row = ScreeningModel.objects.create(
                version=latest.version + 1 if latest else 1, trigger=trigger,
                corpus_size=len(inputs.corpus), decisions=len(inputs.decisions),
                inputs_hash=digest, seconds=round(seconds, 2), metrics=metrics,
                thresholds=thresholds, pipeline=pipeline, active=True,
            )
    except IntegrityError:
        # Another process stored this version first (same inputs or newer): take theirs.
        return active_row(), False
    return row, True


def active_row():
    return ScreeningModel.objects.filter(active=True).defer("pipeline").first()


def activate(version):
    """Make `version` the active one (roll back or forward). False when it does not exist."""
    with transaction.atomic():
        if not ScreeningModel.objects.filter(version=version).exists():
            return False
        ScreeningModel.objects.filter(active=True).exclude(version=version).update(active=False)
        ScreeningModel.objects.filter(version=version).update(active=True)
    return True


def install(trigger=ScreeningModel.Trigger.INSTALL):
    """Version 1 from the shipped corpus (and any decisions) when no version exists yet."""
    if ScreeningModel.objects.exists():
        return active_row()
    row, _ = store_new(examples.gather(), trigger)
    return row


def install_after_migrate(plan=None, **kwargs):
    # After `migrate` only: `flush` sends post_migrate too (without a plan), and a test
    # database restored after a flush must not gain a second active version.
    if plan is None:
        return
    if ScreeningModel._meta.db_table not in connection.introspection.table_names():
        return  # migrated only part of the way
    install()


def _load(key):
    pk = key[0]
    try:
        pipeline = ScreeningModel.objects.values_list("pipeline", flat=True).get(pk=pk)
        model = pickle.loads(bytes(pipeline))
        model.findings  # noqa: B018 - anything else unpickled is no model of ours
        return model
    except Exception:  # a broken row must never stop screening: the lists still screen
        logger.exception("screening model %s cannot be loaded; screening goes on without it", key)
        return None


def active_model():
    """The active RuleModels, or None (no usable model: the other checks screen alone).
    One query when this process has loaded the active version already."""
    key = ScreeningModel.objects.filter(active=True).values_list(
        "pk", "version", "inputs_hash").first()
    if key is None:
        row = install()
        key = row and (row.pk, row.version, row.inputs_hash)
    if key is None:
        return None
    if key not in _loaded:
        if len(_loaded) >= 4:
            _loaded.pop(next(iter(_loaded)))
        _loaded[key] = _load(key)
    return _loaded[key]


def forget_loaded():
    """Drop what this process has loaded (tests that change a stored pickle)."""
    _loaded.clear()
