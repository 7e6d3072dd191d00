"""A mail server that refuses chosen addresses, with a recorded `calls` list like mail.outbox."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FakeMailServer(BaseEmailBackend):
    calls = []  # every address a message was handed over for, in order
    delivered = []
    # address -> exception to raise; an int n instead raises a temporary error n times.
    refuse = {}

    def send_messages(self, messages):
        for message in messages:
            [address] = message.to
            type(self).calls.append(address)
            rule = self.refuse.get(address)
            if isinstance(rule, int):
                if rule > 0:
                    self.refuse[address] = rule - 1
                    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            elif rule is not None:
                raise rule
            type(self).delivered.append(address)
        return len(messages)

    @classmethod
    def reset(cls):
        cls.calls, cls.delivered, cls.refuse = [], [], {}
