"""The first login of a new member of staff without an authenticator app: the password,
setting up the app (no second password prompt), the recovery codes, and on to the admin page
they asked for (mrblogg/security.py, comments/accounts.py, templates/mfa/)."""

import re

import pytest
from django.test import override_settings

from mrblogg.security import MFA_NEXT_SESSION_KEY
from tests.staff import current_code, give_totp, log_in, make_person

ACTIVATE = "/konto/2fa/totp/activate/"
CONTINUE = "/konto/2fa/fortsatt/"


def activate_app(client):
    client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]
    return client.post(ACTIVATE, {"code": current_code(secret)})


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Informationsansvariga", "Bloggare", "superuser"])
def test_first_login_goes_password_app_codes_and_on_to_the_page_asked_for(
    client, blog_index, role
):
    person = make_person(role)
    # A search for "Överkalix 日本", as a browser sends it.
    wanted = f"/admin/pages/{blog_index.pk}/?q=%C3%96verkalix+%E6%97%A5%E6%9C%AC"
    log_in(client, person)
    response = client.get(wanted)
    assert response["Location"] == ACTIVATE
    assert client.session[MFA_NEXT_SESSION_KEY] == wanted

    page = client.get(ACTIVATE)
    assert page.status_code == 200  # no "confirm your password" first
    response = activate_app(client)
    assert response["Location"] == "/konto/2fa/recovery-codes/"
    html = client.get("/konto/2fa/recovery-codes/").content.decode()
    codes = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1).split()
    assert len(codes) == 10
    assert f'<a href="{CONTINUE}">Fortsätt till administrationen</a>' in html

    response = client.get(CONTINUE)
    assert response["Location"] == wanted
    assert client.get(wanted).status_code == 200
    # Once: the next visit of the page leads to the admin's home page.
    assert MFA_NEXT_SESSION_KEY not in client.session
    assert client.get(CONTINUE)["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_login_older_than_the_reauthentication_timeout_asks_for_the_password(
    client, blog_index
):
    """Only a fresh login stands in for allauth's re-authentication."""
    officer = make_person("Informationsansvariga")
    log_in(client, officer)
    with override_settings(ACCOUNT_REAUTHENTICATION_TIMEOUT=0):
        response = client.get(ACTIVATE)
        assert response["Location"].startswith("/konto/reauthenticate/")
    assert client.get(ACTIVATE).status_code == 200  # the same login, within the timeout


@pytest.mark.django_db
def test_a_fresh_login_of_someone_else_in_the_session_does_not_count(client, blog_index):
    """allauth's records of how one logged in belong to one user; a forced login (no
    password typed in this session) is not fresh."""
    officer = make_person("Informationsansvariga")
    client.force_login(officer)
    assert client.get(ACTIVATE)["Location"].startswith("/konto/reauthenticate/")


@pytest.mark.django_db
def test_a_post_to_the_admin_is_not_remembered_as_the_page_to_go_back_to(client, blog_index):
    officer = make_person("Informationsansvariga")
    log_in(client, officer)
    client.get("/admin/forms/")
    assert client.post("/admin/pages/search/", {"q": "x"})["Location"] == ACTIVATE
    assert client.session[MFA_NEXT_SESSION_KEY] == "/admin/forms/"


@pytest.mark.django_db
@pytest.mark.parametrize("tampered", [
    "https://angripare.example/admin/", "//angripare.example/", "javascript:alert(1)",
    "/\\angripare.example", "https://ångström.例え/", "x" * 20_000,
])
def test_continue_never_leaves_the_site(client, blog_index, tampered):
    officer = give_totp(make_person("Informationsansvariga"))
    client.force_login(officer)
    session = client.session
    session[MFA_NEXT_SESSION_KEY] = tampered
    session.save()
    assert client.get(CONTINUE)["Location"] == "/admin/"


@pytest.mark.django_db
def test_continue_sends_a_reader_home_and_a_visitor_to_log_in(client, blog_index):
    from tests.comments.factory import make_reader

    assert client.get(CONTINUE)["Location"].startswith("/konto/login/")
    client.force_login(make_reader(display_name="Åsa från Överkalix"))
    assert client.get(CONTINUE)["Location"] == "/"


@pytest.mark.django_db
def test_recovery_code_links_are_separate_and_readable(client, blog_index):
    log_in(client, make_person("Bloggare"))
    activate_app(client)
    html = client.get("/konto/2fa/recovery-codes/").content.decode()
    assert '<li><a href="/konto/2fa/recovery-codes/download/">Ladda ned koderna</a></li>' in html
    assert '<li><a href="/konto/2fa/recovery-codes/generate/">Skapa nya koder</a></li>' in html


@pytest.mark.django_db
def test_two_factor_login_says_a_recovery_code_works_and_cancel_stands_apart(client, blog_index):
    person = give_totp(make_person("Informationsansvariga"))
    log_in(client, person)
    html = client.get("/konto/2fa/authenticate/").content.decode()
    assert "Skriv då en av dina återställningskoder i samma fält" in html
    assert re.search(r"<li><button[^>]*form=\"logout-from-stage\"[^>]*>"
                     r"Avbryt och logga in som någon annan</button></li>", html)


@pytest.mark.django_db
def test_the_secret_to_set_up_the_app_is_readable_and_its_help_tied_to_it(client, blog_index):
    log_in(client, make_person("Informationsansvariga"))
    html = client.get(ACTIVATE).content.decode()
    secret = client.session["mfa.totp.secret"]
    field = re.search(r'<input type="text" id="authenticator_secret"[^>]*>', html).group(0)
    assert f'value="{secret}"' in field and "readonly" in field and "disabled" not in field
    assert 'aria-describedby="authenticator_secret_help"' in field
    assert re.search(r'<p class="help" id="authenticator_secret_help">Spara nyckeln', html)
