"""The contact form's messages: received (rate-limited, forwarded after the commit) and purged."""

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from blog.form_builder import without_human_check
from mrblogg import ratelimit, retention
from mrblogg.queueing import enqueue_after_commit
from mrblogg.ratelimit import Limit

from .messages import ContactSubmission
from .tasks import send_contact_message


def sender_limit():
    """At most CONTACT_RATE_LIMIT messages per client in CONTACT_RATE_WINDOW seconds."""
    return Limit("contact:client", settings.CONTACT_RATE_LIMIT, settings.CONTACT_RATE_WINDOW)


def receive_message(page, form, client):
    """Store a message from a valid `form` and forward it after the commit. `client` is what
    the sender is counted as (mrblogg.ratelimit.client_value).

    Returns the ContactSubmission, or None when the sender has written too often.
    """
    with transaction.atomic():
        if not ratelimit.attempt(sender_limit(), client):
            form.add_error(None, _(
                "You have sent several messages in a short time. Please try again in an hour."
            ))
            return None
        submission = ContactSubmission.objects.create(
            page=page, form_data=without_human_check(form.cleaned_data)
        )
        # robust: the submission is stored; if queueing fails, resend_form_emails queues it.
        enqueue_after_commit(send_contact_message, submission.pk)
    return submission


def purge_old_messages(now=None):
    """Delete contact messages older than the retention period in the site settings."""
    # The period the privacy page shows (mrblogg/retention.py, registered in blog/apps.py).
    cutoff = retention.cutoff("contact_messages", now)
    deleted, _counts = ContactSubmission.objects.filter(submit_time__lt=cutoff).delete()
    return deleted
