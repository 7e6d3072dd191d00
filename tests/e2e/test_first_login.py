"""The first login of a new information officer, in a browser: the password at
/konto/login/?next=/admin/, setting up the authenticator app (no second password prompt), the
recovery codes with a way on, and the admin. Screenshots go to /tmp/shots-firstlogin/."""

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.staff import current_code, give_totp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SHOTS = Path("/tmp/shots-firstlogin")


def new_officer(email="nyanstalld@example.org"):
    """An officer an administrator has just created: a password, no authenticator app."""
    user = get_user_model().objects.create_user(email, email, "Första-lösenordet-2026")
    user.groups.add(Group.objects.get(name="Informationsansvariga"))
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in_with_password(page, live_server, email):
    page.goto(f"{live_server.url}/konto/login/?next=/admin/")
    page.fill("#id_login", email)
    page.fill("#id_password", "Första-lösenordet-2026")
    page.get_by_role("button", name="Logga in", exact=True).click()


def test_new_officer_goes_password_app_codes_admin(page, live_server, demo, audit):
    officer = new_officer()
    log_in_with_password(page, live_server, officer.email)

    # Straight to setting up the app: no "confirm your password" in between.
    page.wait_for_url(f"{live_server.url}/konto/2fa/totp/activate/")
    assert page.get_by_role("heading", name="Aktivera autentiseringsapp").is_visible()
    assert page.get_by_text("Din roll kräver tvåfaktorsautentisering").is_visible()
    shot(page, "1-activate")
    audit.check("setting up the app")
    secret = page.input_value("#authenticator_secret")
    page.fill("#id_code", current_code(secret))
    page.get_by_role("button", name="Aktivera").click()

    page.wait_for_url(f"{live_server.url}/konto/2fa/recovery-codes/")
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    assert len(page.input_value("#recovery_codes").split()) == 10
    download = page.get_by_role("link", name="Ladda ned koderna")
    generate = page.get_by_role("link", name="Skapa nya koder")
    # Two links, one under the other, not run together on one line.
    assert download.bounding_box()["y"] + download.bounding_box()["height"] <= (
        generate.bounding_box()["y"])
    shot(page, "2-recovery-codes")
    audit.check("recovery codes")
    page.get_by_role("link", name="Fortsätt till administrationen").click()

    page.wait_for_url(f"{live_server.url}/admin/")
    # The admin's home page, the officer's own name on it.
    assert page.get_by_role("heading", name=officer.email).is_visible()
    assert page.get_by_role("link", name="Formulär").is_visible()
    shot(page, "3-admin")
    audit.assert_clean()


def test_second_login_asks_for_the_code_and_tells_of_the_recovery_codes(
    page, live_server, demo, audit
):
    officer = give_totp(new_officer("andra@example.org"))
    log_in_with_password(page, live_server, officer.email)
    page.wait_for_url(f"{live_server.url}/konto/2fa/authenticate/")
    assert page.get_by_text("Skriv då en av dina återställningskoder i samma fält").is_visible()
    cancel = page.get_by_role("button", name="Avbryt och logga in som någon annan")
    sign_in = page.get_by_role("button", name="Logga in", exact=True)
    assert sign_in.bounding_box()["y"] + sign_in.bounding_box()["height"] <= (
        cancel.bounding_box()["y"])
    shot(page, "4-second-factor")
    audit.check("second factor")
    audit.assert_clean()
    cancel.click()
    page.wait_for_url(f"{live_server.url}/konto/login/")
