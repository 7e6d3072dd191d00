"""Back-off and permanent SMTP errors (mrblogg/retry.py), shared by the outbox and the
subscriptions' deliveries."""

import smtplib

import pytest

from mrblogg.retry import backoff, is_permanent


def test_the_delay_doubles_up_to_the_limit():
    assert [backoff(n, 60, 3600) for n in range(1, 9)] == [
        60, 120, 240, 480, 960, 1920, 3600, 3600
    ]


def test_without_a_limit_the_delay_keeps_doubling():
    assert [backoff(n, 60) for n in range(0, 6)] == [60, 60, 120, 240, 480, 960]


@pytest.mark.parametrize(
    ("error", "permanent"),
    [
        # The address will never work: every recipient refused with 5xx.
        (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"No such user")}), True),
        (smtplib.SMTPRecipientsRefused(
            {"a@example.org": (550, b"No such user"), "b@example.org": (553, b"Bad")}), True),
        # A full mailbox or greylisting: later it may work.
        (smtplib.SMTPRecipientsRefused({"a@example.org": (450, b"Try later")}), False),
        (smtplib.SMTPRecipientsRefused(
            {"a@example.org": (550, b"No such user"), "b@example.org": (452, b"Full")}), False),
        # The message itself refused for good, or only for now.
        (smtplib.SMTPDataError(554, b"Message refused"), True),
        (smtplib.SMTPDataError(451, b"Local error"), False),
        # The site's own configuration, not the message: retried until it is fixed.
        (smtplib.SMTPSenderRefused(553, b"Sender refused", "noreply@example.org"), False),
        (smtplib.SMTPAuthenticationError(535, b"Bad credentials"), False),
        (smtplib.SMTPHeloError(501, b"Bad greeting"), False),
        # The way to the server.
        (smtplib.SMTPServerDisconnected("gone"), False),
        (smtplib.SMTPConnectError(421, b"Busy"), False),
        (ConnectionRefusedError(111, "Connection refused"), False),
        (TimeoutError("timed out"), False),
        # A message that cannot be encoded is never sent.
        (UnicodeEncodeError("ascii", "å", 0, 1, "no"), True),
        (ValueError("Invalid address"), True),
    ],
)
def test_which_smtp_errors_are_permanent(error, permanent):
    assert is_permanent(error) is permanent
