"""The demo's staff log in with two factors (load_demo gives them an authenticator app with
the public demo secret); `manage.py demo_totp <e-mail>` prints the code an app would show."""

import io
import json
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from blog.management.commands.demo_totp import current_code
from tests.staff import give_totp

CONTENT = json.loads(
    (Path(__file__).resolve().parents[2] / "blog" / "demo" / "content.json").read_text("utf-8")
)
SECRET = CONTENT["demo_totp_secret"]
STAFF = ["admin@example.org", "bloggare@example.org", "informationsansvarig@example.org"]


@pytest.fixture
def demo(db):
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    return out.getvalue()


def totp_of(email):
    return Authenticator.objects.filter(
        user__email=email, type=Authenticator.Type.TOTP
    ).values_list("pk", "data")


def demo_totp(login):
    out, err = io.StringIO(), io.StringIO()
    call_command("demo_totp", login, stdout=out, stderr=err)
    return out.getvalue().strip()


def test_load_demo_gives_every_member_of_staff_the_demo_app_and_readers_none(demo):
    for email in STAFF:
        [(_pk, data)] = totp_of(email)
        assert decrypt(data["secret"]) == SECRET
    assert not totp_of("lasare@example.org")
    before = {email: list(totp_of(email)) for email in STAFF}
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert {email: list(totp_of(email)) for email in STAFF} == before  # kept, not remade
    # What `make run` prints: the command as it runs from the project folder, the secret,
    # and that staff need an app.
    assert ".venv/bin/python manage.py demo_totp <e-post>" in demo and SECRET in demo
    assert "behöver en autentiseringsapp" in demo
    assert "demo_totp <e-post>   (t.ex. informationsansvarig@example.org)" in demo


def test_each_demo_member_of_staff_logs_in_with_password_and_the_printed_code(demo, client):
    for email in STAFF:
        client.logout()
        response = client.post("/konto/login/", {"login": email, "password": "mr-demo-2024"})
        assert response["Location"] == "/konto/2fa/authenticate/", email
        assert client.get("/admin/").status_code == 302  # the password alone is not enough
        code = demo_totp(email)
        assert len(code) == 6 and code.isdigit()
        response = client.post("/konto/2fa/authenticate/", {"code": code})
        assert response.status_code == 302, email
        assert client.get("/admin/").status_code == 200, email


def test_the_code_is_the_one_an_app_shows_now(demo):
    code = demo_totp("BLOGGARE@example.org")  # the address as typed, any case
    assert validate_totp_code(SECRET, code)
    # RFC 6238's own example secret ("12345678901234567890") at T = 59 s: 287082.
    assert current_code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", now=59) == "287082"


@pytest.mark.django_db
def test_demo_totp_refuses_anyone_without_the_demo_secret(demo):
    real = give_totp(get_user_model().objects.create_user(
        "åsa.öberg@example.org", "åsa.öberg@example.org", "pw", is_staff=True))
    for login in ["lasare@example.org", real.email]:
        with pytest.raises(CommandError, match="demonyckeln"):
            demo_totp(login)
    with pytest.raises(CommandError, match="ingen användare"):
        demo_totp("ingen-" + "x" * 5000 + "@example.org")
