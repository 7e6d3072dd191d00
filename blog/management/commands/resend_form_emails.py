"""Queue the e-mails of contact messages and registrations whose task never ran or never
finished (blog/form_emails.py). Run every ten minutes by `manage.py run_periodic`; safe to run any
number of times (the tasks skip what was sent)."""

from django.core.management import BaseCommand

from blog.form_emails import queue_unfinished_form_emails


class Command(BaseCommand):
    help = "Queues again the e-mails of form submissions whose e-mail task did not finish."

    def handle(self, *args, **options):
        count = queue_unfinished_form_emails()
        if count:
            self.stdout.write(f"Queued the e-mails of {count} submission(s) again.")
