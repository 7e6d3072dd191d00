"""A mail server that refuses chosen addresses, with a recorded `calls` list like mail.outbox."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class FakeMailServer(BaseEmailBackend):
    calls = []  # every address a message was handed over for, in order
    delivered = []
    # address -> exception to raise; an int n instead raises a temporary error n times.
    refuse = {}
    down = False  # the server cannot be reached: opening a connection is refused
    # After this many messages accepted, the worker dies (a SIGKILL, as far as the task can
    # tell: BaseException, so nothing in the task catches it).
    die_after = None

    def open(self):
        if self.down:
            raise ConnectionRefusedError(111, "Connection refused")

    def send_messages(self, messages):
        for message in messages:
            if self.die_after is not None and len(self.delivered) >= self.die_after:
                raise WorkerKilled
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
        cls.down, cls.die_after = False, None


class WorkerKilled(BaseException):
    """Stands in for SIGKILL in a test that runs the task in its own process."""
