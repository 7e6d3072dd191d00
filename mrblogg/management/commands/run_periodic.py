"""Run the site's periodic jobs (settings.PERIODIC_COMMANDS) until stopped.

`make run` starts one beside the web server and the task worker. In production run
exactly one of these (or call the same commands from cron).
"""

import logging
import time

from django.conf import settings
from django.core.management import BaseCommand, call_command

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Runs the periodic management commands named in settings.PERIODIC_COMMANDS."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run every job once and stop.")

    def handle(self, *args, once=False, **options):
        jobs = [(int(every), name, list(args)) for every, name, *args in settings.PERIODIC_COMMANDS]
        next_run = {name: 0.0 for _, name, _ in jobs}
        while True:
            now = time.monotonic()
            for every, name, job_args in jobs:
                if once or now >= next_run[name]:
                    try:
                        call_command(name, *job_args, verbosity=0)
                    except Exception:
                        logger.exception("Periodic job %s failed", name)
                    next_run[name] = now + every
            if once:
                return
            time.sleep(1)
