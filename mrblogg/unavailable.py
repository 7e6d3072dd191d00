"""When the database fails: the form back with what was written, "försök igen om en stund", 503.

A locked or unreachable database can fail any step of a request: the CAPTCHA's clean-up
inside `form.is_valid()`, a service's transaction, the session save after the view. Each of
them ends here, in one place, instead of as a 500 that loses the reader's text:

- `DatabaseUnavailableMiddleware.process_exception` answers a view that raised;
- `server_error` (the site's `handler500`) answers what failed outside a view (middleware).

Both render `503.html` without a database query (no context processors, no site settings)
with `Retry-After`. For a POST the page holds the form again: the public form of the request
(every public form mixes in `KeepsInput`, which remembers itself once bound) with the
visitor's values, or, when no form was bound yet, the posted fields as they came. Passwords,
CSRF tokens and CAPTCHA answers are never written back into the page.

Errors that retrying cannot cure (IntegrityError, DataError, ProgrammingError) stay 500s:
they are bugs to see, not outages to wait out.
"""

import contextvars
import logging
import sys

from django.db import (
    DatabaseError,
    DataError,
    IntegrityError,
    InterfaceError,
    NotSupportedError,
    ProgrammingError,
)
from django.forms.utils import ErrorDict
from django.http import HttpResponse, HttpResponseServerError
from django.middleware.csrf import get_token
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
SECRET_FIELDS = ("password", "csrfmiddlewaretoken", "captcha")

_bound_form = contextvars.ContextVar("mrblogg_bound_form", default=None)


def is_unavailable(error):
    """Whether `error` means "the database cannot serve us now" (worth a retry later)."""
    if isinstance(error, (IntegrityError, DataError, ProgrammingError, NotSupportedError)):
        return False
    return isinstance(error, (DatabaseError, InterfaceError))


class KeepsInput:
    """Mixin for every public form: once bound, it is the form a failure gives back."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            _bound_form.set(self)


def _is_secret(name):
    return any(part in name.lower() for part in SECRET_FIELDS)


def _kept_fields(form):
    """The form's fields to show again: all but the human check and any password."""
    # Shown as sent, not validated again: validation would query the database that failed.
    if form._errors is None:
        form._errors = ErrorDict()
    return [
        field for field in form
        if not _is_secret(field.name)
        and getattr(field.field.widget, "input_type", "") != "password"
    ]


def retry_later(response):
    """Mark a 503 that a view designed itself (the form shown again with its own message)."""
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def unavailable_response(request):
    context = {"retry_after": RETRY_AFTER_SECONDS}
    if request.method == "POST":
        form = _bound_form.get()
        context["action"] = request.get_full_path()
        context["csrf_token"] = get_token(request)
        if form is not None:
            context["fields"] = _kept_fields(form)
        else:
            context["posted"] = [
                (name, value) for name, values in request.POST.lists() if not _is_secret(name)
                for value in values
            ]
    html = loader.render_to_string("503.html", context)
    return retry_later(HttpResponse(html, status=503))


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Threads serve request after request: forget the form of the one before.
        token = _bound_form.set(None)
        try:
            return self.get_response(request)
        finally:
            _bound_form.reset(token)

    def process_exception(self, request, exception):
        if not is_unavailable(exception):
            return None
        logger.error("Database unavailable during %s %s", request.method, request.path,
                     exc_info=exception)
        return unavailable_response(request)


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """The site's handler500: a database outage outside a view gets the 503 page too."""
    error = sys.exc_info()[1]
    if error is not None and is_unavailable(error):
        return unavailable_response(request)
    return HttpResponseServerError(loader.render_to_string(template_name))
