"""A mail server that can be down, with recorded `calls` and `delivered` lists in the spirit
of mail.outbox (used as EMAIL_TRANSPORT_BACKEND behind the site's outbox)."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FlakyMailServer(BaseEmailBackend):
    down = False  # every attempt fails as a server that is not there
    refuse_all = False  # every recipient refused (a final answer)
    calls = []  # every message handed over, delivered or not
    delivered = []

    def send_messages(self, messages):
        for message in messages:
            type(self).calls.append(message)
            if self.down:
                raise ConnectionRefusedError(111, "Connection refused")
            if self.refuse_all:
                raise smtplib.SMTPRecipientsRefused(
                    {address: (550, b"No such user") for address in message.recipients()}
                )
            type(self).delivered.append(message)
        return len(messages)

    @classmethod
    def reset(cls):
        cls.down, cls.refuse_all, cls.calls, cls.delivered = False, False, [], []
