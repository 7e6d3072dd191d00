"""The health check for load balancers and monitors: `/health/`.

200 "ok" when the database answers `SELECT 1`, 503 "database unavailable" otherwise. Plain
text, no template, no session, no login, GET and HEAD only. The body is for machines, so it
is not translated.

`Cache-Control: no-store` keeps it out of every cache: Django's page cache
(`UpdateCacheMiddleware`, mrblogg/cache.py) never stores a response that says `no-store`, so
each request reaches the database. The security headers (SecurityMiddleware,
mrblogg.security) are added by the middleware as for any other response.
"""

import logging

from django.db import Error, connection
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; charset=utf-8"


# csrf_exempt: a POST is answered 405 by require_safe, not 403 by the CSRF check; the view
# changes nothing whatever the method.
@csrf_exempt
@require_safe
def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Error as exc:
        # One line per failed check, not a traceback: monitors ask every few seconds.
        logger.warning("Health check: the database did not answer: %s", exc)
        response = HttpResponse("database unavailable", status=503, content_type=CONTENT_TYPE)
    else:
        response = HttpResponse("ok", content_type=CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    return response
