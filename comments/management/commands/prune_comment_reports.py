from django.core.management.base import BaseCommand

from comments.reports import prune


class Command(BaseCommand):
    help = "Delete readers' reports on comments that an officer handled long enough ago."

    def handle(self, *args, **options):
        deleted = prune()
        if options["verbosity"] > 1:
            self.stdout.write(f"{deleted} handled reports deleted")
