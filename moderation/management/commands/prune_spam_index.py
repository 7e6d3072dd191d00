"""Forget index rows older than the spam window, so the index holds one window of comments
and screening costs the same however many comments the blog has (PERIODIC_COMMANDS)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from moderation.models import BandKey, CommentFingerprint, ModerationSettings


class Command(BaseCommand):
    help = "Delete spam-index rows older than the spam window."

    def handle(self, *args, **options):
        hours = ModerationSettings.load().spam_window_hours
        before = timezone.now() - datetime.timedelta(hours=hours)
        bands, _ = BandKey.objects.filter(created_at__lt=before).delete()
        fingerprints, _ = CommentFingerprint.objects.filter(created_at__lt=before).delete()
        if options["verbosity"] > 1:
            self.stdout.write(f"{fingerprints} fingerprints, {bands} band keys deleted")
