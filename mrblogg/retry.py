"""Trying again after a failure: how long to wait, and which SMTP errors are not worth it.

django-tasks has no retries: the outbox (mrblogg/outbox.py) and the subscriptions' deliveries
(blog/subscriptions/tasks.py) schedule their own next attempt, both with these two functions.
"""

import smtplib


def backoff(attempts, first, most=None):
    """Seconds to wait after `attempts` failed attempts: `first`, doubled after each further
    failure, at most `most` when given."""
    delay = first * 2 ** max(attempts - 1, 0)
    return delay if most is None else min(delay, most)


def is_permanent(smtp_error):
    """Whether sending the same message again cannot succeed: the server refused every
    recipient with a 5xx answer, or the message itself (a 5xx answer to its content), or the
    message cannot be encoded at all.

    A 4xx answer is temporary (greylisting, a full mailbox). So is every refusal that can come
    from the site's own configuration rather than from the message — the sender refused, a
    wrong password (535), a greeting refused — and every broken connection: those are retried.
    """
    if isinstance(smtp_error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in smtp_error.recipients.values())
    if isinstance(smtp_error, smtplib.SMTPDataError):
        return smtp_error.smtp_code >= 500
    return isinstance(smtp_error, (ValueError, UnicodeError))
