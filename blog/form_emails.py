"""E-mails from the forms, sent by the task worker after the submission is committed.

Each task (blog/contact/tasks.py, blog/events/emails.py) takes a primary key and is
idempotent: a message is marked as sent on its row once it has gone, and a second run (a
retry, a re-queued task) skips what was sent. When all are done the row says so
(`emails_done_at`); `queue_unfinished_form_emails` (the periodic `resend_form_emails`) queues
the task again for a submission whose task was never queued (the database failed right after
the commit) or never finished (a worker killed). The apps register their pair of submission
model and task here when they start (their apps.py), so the blog names neither.
"""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from mrblogg.queueing import enqueue_after_commit

_tasks = []  # (submission model, task), in the order registered


def sends_for(model):
    """Decorates the task that sends `model`'s e-mails, so that
    `queue_unfinished_form_emails` looks after the rows whose e-mails are not sent yet."""

    def register(task):
        _tasks.append((model, task))
        return task

    return register


def one_line(text, limit=120):
    """Header-safe text: no line breaks, not too long."""
    return " ".join(str(text).split())[:limit]


def submitted_values(page, form_data):
    """(label, value) for each field of the form, in the form's order."""
    rows = []
    for field in page.get_form_fields():
        value = form_data.get(field.clean_name)
        if isinstance(value, list):
            value = ", ".join(value)
        elif isinstance(value, bool):
            value = _("Yes") if value else _("No")
        rows.append((field.label, "" if value is None else value))
    return rows


def mark(model, pk, field):
    """Record on the row that the e-mail `field` stands for has gone (only the first time)."""
    model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(**{field: timezone.now()})


def queue_unfinished_form_emails(now=None):
    """Queue the e-mail task again for each submission of the last two days whose e-mails
    are not all done ten minutes after it was sent. Returns how many."""
    now = now or timezone.now()
    window = {
        "emails_done_at__isnull": True,
        "submit_time__gte": now - datetime.timedelta(seconds=settings.FORM_EMAILS_GIVE_UP_AFTER),
        "submit_time__lte": now - datetime.timedelta(seconds=settings.FORM_EMAILS_GRACE),
    }
    queued = 0
    for model, task_obj in _tasks:
        for pk in model.objects.filter(**window).values_list("pk", flat=True)[:500]:
            enqueue_after_commit(task_obj, pk)
            queued += 1
    return queued
