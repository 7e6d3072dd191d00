"""Fire N failed logins (and N password resets) at a running server, one new connection each,
so gunicorn's workers share them out; print how many got through. Refused means a 429, or
(allauth's failed-login limit) the form's "too many failed login attempts" error.

    python bench/limits_client.py http://127.0.0.1:PORT 50
"""

import re
import sys
import urllib.error
import urllib.request

BASE, COUNT = sys.argv[1], int(sys.argv[2])
ORIGIN = "https://" + BASE.split("://", 1)[1]
# Production trusts X-Forwarded-Proto from its TLS proxy; the bench speaks plain HTTP.
HEADERS = {"X-Forwarded-Proto": "https", "Origin": ORIGIN}
TOO_MANY_FAILED = "För många misslyckade inloggningsförsök"


def form_token(path):
    request = urllib.request.Request(BASE + path, headers=HEADERS)
    with urllib.request.urlopen(request) as response:
        html = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", response.headers.get("Set-Cookie", "")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookie, token


def post(path, fields):
    cookie, token = form_token(path)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}).encode()
    request = urllib.request.Request(
        BASE + path, data=body, method="POST",
        headers={**HEADERS, "Cookie": f"csrftoken={cookie}", "Referer": ORIGIN + path},
    )
    try:
        with urllib.request.urlopen(request) as response:
            html = response.read().decode()
            return "limited" if TOO_MANY_FAILED in html else response.status
    except urllib.error.HTTPError as error:
        return "limited" if error.code == 429 else error.code


def run(name, path, fields):
    statuses = [post(path, fields) for _ in range(COUNT)]
    refused = statuses.count("limited")
    print(f"{name}: {COUNT - refused} of {COUNT} through, {refused} refused; "
          f"statuses of the rest: {sorted({s for s in statuses if s != 'limited'})}")


run("login, wrong password, one address (limit 5 per 5 min)", "/konto/login/",
    {"login": "bench@example.org", "password": "fel-lösenord"})
run("password reset, one address (limit 3 per hour)", "/konto/password/reset/",
    {"email": "bench@example.org"})
