"""Delete contact-form messages older than the retention period (BlogSettings).

Listed in settings.PERIODIC_COMMANDS, so `manage.py run_periodic` runs it every hour.
"""

from django.core.management.base import BaseCommand

from blog.contact.services import purge_old_messages


class Command(BaseCommand):
    help = "Raderar meddelanden från kontaktformuläret som är äldre än lagringstiden."

    def handle(self, *args, **options):
        deleted = purge_old_messages()
        if options["verbosity"] > 0:
            self.stdout.write(f"Raderade {deleted} meddelanden.")
