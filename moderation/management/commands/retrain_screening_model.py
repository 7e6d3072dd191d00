"""Queue the retraining of the screening model (moderation/learning/tasks.py); run nightly
by run_periodic (PERIODIC_COMMANDS). --now trains in this process instead; --if-missing
trains only when no version exists yet (a fresh install)."""

from django.core.management.base import BaseCommand

from moderation.learning import store
from moderation.learning.tasks import retrain_screening_model
from moderation.models import ScreeningModel


class Command(BaseCommand):
    help = "Retrain the screening model from the corpus and the officers' decisions."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="train here, not in a task")
        parser.add_argument("--if-missing", action="store_true",
                            help="only when no model is stored yet")

    def handle(self, *args, **options):
        if options["if_missing"]:
            row = store.install()
            self.stdout.write(f"active screening model: v{row.version}" if row else "no model")
            return
        if options["now"]:
            version = retrain_screening_model.call(ScreeningModel.Trigger.SCHEDULE)
            self.stdout.write(f"active screening model: v{version}")
            return
        retrain_screening_model.enqueue(ScreeningModel.Trigger.SCHEDULE)
        self.stdout.write("retraining queued")
