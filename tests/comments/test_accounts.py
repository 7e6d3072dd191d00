"""Accounts through allauth, in Swedish: sign-up with a display name, verification, lockout."""

import re
from pathlib import Path

import allauth
import polib
import pytest
from allauth.account.models import EmailAddress
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import translation

from comments.models import ReaderProfile
from tests.comments.factory import make_reader

# allauth counts its limits in the cache: every test starts with none.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


@pytest.mark.django_db
def test_sign_up_with_display_name_sends_a_swedish_verification(client, blog_index):
    response = client.post("/konto/signup/", {
        "email": "ny@example.org", "password1": "ett-långt-lösenord-9", "password2": "ett-långt-lösenord-9",
        "display_name": "Nya Läsaren", "captcha_0": "x", "captcha_1": "PASSED",
    })
    assert response.status_code == 302
    profile = ReaderProfile.objects.get(user__email="ny@example.org")
    assert profile.display_name == "Nya Läsaren"
    assert not EmailAddress.objects.get(email="ny@example.org").verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[MR-bloggen]")
    assert "Bekräfta" in mail.outbox[0].subject or "bekräfta" in mail.outbox[0].body


@pytest.mark.django_db
def test_display_name_must_not_be_an_email(client, blog_index):
    response = client.post("/konto/signup/", {
        "email": "ny@example.org", "password1": "ett-långt-lösenord-9", "password2": "ett-långt-lösenord-9",
        "display_name": "ny@example.org", "captcha_0": "x", "captcha_1": "PASSED",
    })
    assert "Visningsnamnet får inte vara en e-postadress." in response.content.decode()
    assert not ReaderProfile.objects.exists()


@pytest.mark.django_db
def test_signup_and_login_pages_are_swedish_and_use_the_site_layout(client, blog_index):
    html = client.get("/konto/signup/").content.decode()
    assert '<html lang="sv">' in html and "Visningsnamn" in html
    login = client.get("/konto/login/").content.decode()
    assert "Logga in" in login and '<main id="main"' in login


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_person_out_in_swedish(client, blog_index):
    reader = make_reader(email="karin@example.org")
    for _ in range(5):
        client.post("/konto/login/", {"login": reader.email, "password": "fel"})
    response = client.post("/konto/login/", {"login": reader.email, "password": "lösenord-123"})
    assert response.status_code in (200, 429)
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_readers_never_reach_the_wagtail_admin(client, blog_index):
    client.force_login(make_reader())
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert not response["Location"].startswith("/admin/pages")


@pytest.mark.django_db
def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/"
    # Wagtail sends a visitor to its login address, which leads on to allauth's.
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_forgotten_password_reset_mail_is_swedish(client, blog_index):
    make_reader(email="glomsk@example.org")
    response = client.post("/konto/password/reset/", {"email": "glomsk@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["glomsk@example.org"]
    assert "lösenord" in (message.subject + message.body).lower()
    assert "/konto/password/reset/key/" in message.body


@pytest.mark.django_db
def test_logout_is_a_post(client, blog_index):
    client.force_login(make_reader())
    html = client.get("/").content.decode()
    assert 'action="/konto/logout/"' in html and "Logga ut" in html
    client.post("/konto/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_failed_login_says_why_once_in_a_summary_that_takes_focus(client, blog_index):
    make_reader(email="karin@example.org")
    response = client.post("/konto/login/", {"login": "karin@example.org", "password": "fel"})
    html = response.content.decode()
    assert html.count("lösenordet är felaktigt") == 1
    summary = html[html.index('id="form-errors"') - 40:html.index("</div>", html.index('id="form-errors"'))]
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "autofocus" in summary
    assert "lösenordet är felaktigt" in summary


# The site's own words: "e-postadress", "e-post", never allauth's "epost-adress" or "mailet".
ALLAUTH_WORDS = re.compile(r"epost|\bmail(et|en|s)?\b|Verifierings-mail", re.IGNORECASE)


def test_allauth_speaks_the_sites_swedish():
    """Every string allauth's Swedish has, as it comes out with our catalogue first."""
    catalogue = Path(allauth.__file__).parent / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    wrong = []
    with translation.override("sv"):
        for entry in polib.pofile(str(catalogue)):
            if entry.obsolete or not entry.occurrences or not any(
                path.startswith(("account/", "mfa/", "templates/account/", "templates/mfa/"))
                for path, _line in entry.occurrences
            ):
                continue
            if entry.msgid_plural:
                said = translation.ngettext(entry.msgid, entry.msgid_plural, 2)
            else:
                said = translation.gettext(entry.msgid)
            if ALLAUTH_WORDS.search(said):
                wrong.append(said)
    assert wrong == []


@pytest.mark.django_db
def test_verification_mail_comes_from_mr_bloggen_in_the_sites_words(client, blog_index):
    client.post("/konto/signup/", {
        "email": "ny@example.org", "password1": "ett-långt-lösenord-9",
        "password2": "ett-långt-lösenord-9", "display_name": "Åsa Öberg",
        "captcha_0": "x", "captcha_1": "PASSED",
    }, HTTP_HOST="testserver")
    body = mail.outbox[0].body
    assert body.startswith("Hej från MR-bloggen!")
    assert "Hej från testserver" not in body
    assert "Tack för att du använder MR-bloggen!" in body
    assert "Åsa Öberg" in body  # "… because user <display name> has given your address"
    assert not ALLAUTH_WORDS.search(body)


@pytest.mark.django_db
def test_signing_in_names_the_reader_by_display_name_not_username(client, blog_index):
    reader = make_reader(display_name="Смирнова Анна", email="anna@example.org")
    reader.username = "nykomling"
    reader.save()
    response = client.post("/konto/login/", {"login": "anna@example.org", "password": "lösenord-123"},
                           follow=True)
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Du har loggat in som Смирнова Анна."]
    assert "nykomling" not in response.content.decode()


@pytest.mark.django_db
def test_a_reader_without_a_profile_is_not_named_by_username(client, blog_index):
    reader = make_reader(email="utan@example.org")
    reader.reader_profile.delete()
    reader.username = "intern-id-4711"
    reader.save()
    response = client.post("/konto/login/", {"login": "utan@example.org", "password": "lösenord-123"},
                           follow=True)
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "intern-id-4711" not in said
    assert "Du har loggat in som En läsare." == said
