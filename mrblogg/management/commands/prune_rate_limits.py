from django.core.management.base import BaseCommand

from mrblogg.ratelimit import prune


class Command(BaseCommand):
    help = "Delete rate-limit counters of windows long past."

    def handle(self, *args, **options):
        deleted = prune()
        if options["verbosity"] > 1:
            self.stdout.write(f"{deleted} rate-limit counters deleted")
