"""Forget index rows older than the longest spam window (the long one, for slow drips), so
the index holds one window of comments and screening costs the same however many comments
the blog has (PERIODIC_COMMANDS)."""

from django.core.management.base import BaseCommand

from moderation.models import BandKey, CommentFingerprint, LinkTarget
from mrblogg import retention


class Command(BaseCommand):
    help = "Delete spam-index rows older than the longest spam window."

    def handle(self, *args, **options):
        # The window the privacy page shows (mrblogg/retention.py, moderation/apps.py).
        before = retention.cutoff("spam_index")
        bands, _ = BandKey.objects.filter(created_at__lt=before).delete()
        targets, _ = LinkTarget.objects.filter(created_at__lt=before).delete()
        fingerprints, _ = CommentFingerprint.objects.filter(created_at__lt=before).delete()
        if options["verbosity"] > 1:
            self.stdout.write(
                f"{fingerprints} fingerprints, {bands} band keys, {targets} link targets deleted")
