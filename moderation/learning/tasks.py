"""Retraining the screening model in the background: nightly (the management command in
PERIODIC_COMMANDS) and when an officer asks on the model page. Idempotent: inputs the
latest version was trained on give no new version, and two runs at once store one."""

from django_tasks import task

from ..models import ScreeningModel
from . import examples, store


@task()
def retrain_screening_model(trigger=ScreeningModel.Trigger.SCHEDULE):
    """Train on the corpus and the standing decisions; store a new active version when
    they changed. Returns the active version's number."""
    if trigger not in ScreeningModel.Trigger.values:
        trigger = ScreeningModel.Trigger.SCHEDULE
    row, _ = store.store_new(examples.gather(), trigger)
    return row.version if row else None
