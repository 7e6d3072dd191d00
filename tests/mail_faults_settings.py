"""Settings of the `db_worker` processes that tests/mail_faults.py starts and kills: the test
settings with the database queue, the outbox in front of SMTP to tests.fakes.SmtpServer, and
claims that expire at once (FAULT_SETTINGS says why)."""

import os

from mrblogg.settings.test import *  # noqa: F403
from tests.mail_faults import FAULT_SETTINGS

globals().update(FAULT_SETTINGS)
EMAIL_PORT = int(os.environ["MAIL_FAULTS_SMTP_PORT"])
