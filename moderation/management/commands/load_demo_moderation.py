"""Demo decisions: the demo officer rejects one demo comment citing a rule and marks one as
spam, through `moderation.actions` as in the queue (log entries, the rule the author sees).

Run after `load_demo` and `load_demo_comments`. Idempotent: a comment that is no longer
pending is left as it is. Refuses to run with DEBUG off unless --force.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from comments.management.commands.load_demo_comments import SPAM_TEXT, TO_REJECT_TEXT
from comments.models import Comment
from moderation import actions

OFFICER = "informationsansvarig@example.org"
REJECTED_FOR = ["good_tone"]


class Command(BaseCommand):
    help = "Loads demo moderation decisions (after load_demo_comments)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Demobesluten laddas bara med DEBUG på (eller --force).")
        officer = get_user_model().objects.filter(email__iexact=OFFICER).first()
        if officer is None:
            raise CommandError("Kör load_demo och load_demo_comments först.")
        pending = Comment.objects.pending()
        for comment in pending.filter(text=TO_REJECT_TEXT):
            actions.reject(comment, officer, REJECTED_FOR)
        for comment in pending.filter(text=SPAM_TEXT):
            actions.mark_spam(comment, officer)
        counts = {
            label: Comment.objects.filter(status=status).count()
            for status, label in Comment.Status.choices
        }
        self.stdout.write("Demokommentarer: " + ", ".join(f"{n} {label}" for label, n in counts.items()))
