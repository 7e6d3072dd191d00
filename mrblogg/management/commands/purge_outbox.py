"""Delete sent and failed e-mails from the outbox after the retention in the e-mail settings
(MailSettings). Run every hour by `manage.py run_periodic`."""

from django.core.management import BaseCommand

from mrblogg.outbox import purge


class Command(BaseCommand):
    help = "Deletes sent and failed e-mails older than the outbox retention period."

    def handle(self, *args, **options):
        count = purge()
        if count and options["verbosity"] > 0:
            self.stdout.write(f"Deleted {count} e-mail(s) from the outbox.")
