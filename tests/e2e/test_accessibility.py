"""axe-core (WCAG 2.1 A and AA rules) on every kind of page, in a real browser.

Pages are grouped so that one test loads the demo once and checks many pages; the
assertion lists every violation of every page at once.
"""

import pytest

from blog.models import BlogIndexPage, StandardPage
from blog.subscriptions.models import Subscriber
from blog.subscriptions.tokens import confirm_token, unsubscribe_token
from tests.e2e.conftest import log_in
from tests.factories import make_blog_index, make_open_event, make_registration_form

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

def click_and_wait(page, locator, server_side=False):
    """Click and wait for the next page. `server_side`: skip the browser's own checks of
    required fields, so the server's error page is what gets checked."""
    if server_side:
        locator.evaluate("button => { if (button.form) button.form.noValidate = true; }")
    with page.expect_navigation():
        locator.click()


PLAIN_POST = "/skr-bjuder-in-till-regionala-mr-konferenser-i-samverkan/"  # comments, one pending
CLOSED_EVENT = "/regional-konferens-manskliga-rattigheter-umea/"  # registration over, comments closed
NETWORK_EVENT = "/utvecklingsnatverk-manskliga-rattigheter-i-kommuner-landsting-och-regioner/"


def test_reading_pages(demo, live_server, audit):
    url = live_server.url
    audit.visit(f"{url}/", "index")
    audit.visit(f"{url}{PLAIN_POST}", "plain post, comment form for anonymous visitors")
    audit.visit(f"{url}{CLOSED_EVENT}", "event post, registration closed, comments closed")
    audit.visit(f"{url}{NETWORK_EVENT}", "event post with several meetings")
    audit.visit(f"{url}/nagra-resultat-fran-arbetet-med-ok-2014-2017/", "post with a table")
    audit.visit(f"{url}/valkomna-till-manskliga-rattighetsdagarna-2024/", "post with sessions")
    audit.visit(f"{url}/taggar/konferens/", "tag listing")
    audit.visit(f"{url}/bloggare/cecilia-ramqvist/", "blogger listing")
    audit.visit(f"{url}/arkiv/2022/10/", "archive listing")
    audit.visit(f"{url}/sok/", "search, no query")
    audit.visit(f"{url}/sok/?q=konferens", "search with results")
    audit.visit(f"{url}/sok/?q=xyzzyqwerty", "search without results")
    audit.visit(f"{url}/om-bloggen/", "Om bloggen")
    audit.visit(f"{url}/regler-for-kommentarer/", "Regler för kommentarer")
    audit.visit(f"{url}/tillganglighetsredogorelse/", "Tillgänglighetsredogörelse")
    statement_links = audit.page.locator("main a").evaluate_all("links => links.map(a => a.href)")
    assert f"{url}/kontakta-oss/" in statement_links
    assert "https://www.digg.se/tdosanmalan" in statement_links
    footer = audit.page.locator("footer").get_by_role("link", name="Tillgänglighetsredogörelse")
    assert footer.get_attribute("href") == "/tillganglighetsredogorelse/"
    audit.visit(f"{url}/personuppgifter/", "Så behandlar vi dina personuppgifter")
    retention_rows = audit.page.locator("table.retention tbody tr").count()
    assert retention_rows >= 5  # rendered from mrblogg/retention.py
    privacy = audit.page.locator("footer").get_by_role(
        "link", name="Så behandlar vi dina personuppgifter"
    )
    assert privacy.get_attribute("href") == "/personuppgifter/"
    audit.visit(f"{url}/finns-inte/", "404 page", status=404)
    audit.assert_clean()


def test_form_pages(demo, live_server, audit, page):
    url = live_server.url
    audit.visit(f"{url}/konto/login/", "login")
    page.fill("input[name=login]", "lasare@example.org")
    page.fill("input[name=password]", "fel-lösenord")
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    audit.check("login with an error")
    audit.visit(f"{url}/konto/signup/", "sign-up")
    click_and_wait(page, page.locator("main form button[type=submit]").first, server_side=True)
    audit.check("sign-up with errors")
    audit.visit(f"{url}/konto/password/reset/", "password reset")

    audit.visit(f"{url}/prenumeration/", "subscribe")
    click_and_wait(page, page.locator("main form button[type=submit]").first, server_side=True)
    audit.check("subscribe with errors")
    audit.visit(f"{url}/prenumeration/skickat/", "subscription requested")
    subscriber = Subscriber.objects.create(email="prenumerant@example.org")
    audit.visit(f"{url}/prenumeration/bekrafta/{confirm_token(subscriber)}/", "confirm subscription")
    audit.visit(f"{url}/prenumeration/bekrafta/trasig/", "broken confirmation link", status=400)
    audit.visit(f"{url}/prenumeration/avsluta/{unsubscribe_token(subscriber)}/", "unsubscribe")
    click_and_wait(page, page.locator("main form button[type=submit]"))
    audit.check("unsubscribed")

    audit.visit(f"{url}/kontakta-oss/", "contact")
    click_and_wait(page, page.locator("main form button[type=submit]").first, server_side=True)
    audit.check("contact with errors")
    for label, answer in [("Namn", "Bo Berg"), ("E-post", "bo@example.org"), ("Ämne", "En fråga"),
                          ("Meddelande", "Hur anmäler jag mig?"), ("Verifiering", "PASSED")]:
        page.locator("main form").get_by_label(label).fill(answer)
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    audit.check("contact message sent")
    audit.assert_clean()


def test_registration_pages(live_server, audit, page):
    event = make_registration_form(
        make_open_event(index=make_blog_index(), title="Öppen konferens"), capacity=30
    )
    audit.visit(f"{live_server.url}{event.url}", "event post, registration open")
    form = page.locator("#registration-heading ~ form")
    click_and_wait(page, form.locator("button[type=submit]"), server_side=True)
    audit.check("registration with errors")
    form.get_by_label("Namn").fill("Anna Andersson")
    form.get_by_label("E-post").fill("anna@example.org")
    form.get_by_label("Organisation").fill("Umeå kommun")
    form.get_by_label("Verifiering").fill("PASSED")
    click_and_wait(page, form.locator("button[type=submit]"))
    audit.check("registration confirmed")
    audit.assert_clean()


def test_reader_pages(demo, live_server, audit, context, page):
    url = live_server.url
    log_in(context, live_server, "lasare@example.org")
    audit.visit(f"{url}{PLAIN_POST}", "post, logged in: form and own pending comment")
    page.fill("textarea[name=text]", "")
    click_and_wait(page, page.locator("#kommentera button[type=submit]:not([name])"))
    audit.check("comment form with errors")
    audit.visit(f"{url}{CLOSED_EVENT}", "closed post, logged in")
    audit.visit(f"{url}/kommentarer/mina/", "own data page")
    delete_link = page.locator("main .comment-actions a").first
    click_and_wait(page, delete_link)
    audit.check("delete own comment")
    audit.visit(f"{url}/kommentarer/mina/radera-konto/", "delete account")
    audit.visit(f"{url}/konto/email/", "e-mail addresses")
    audit.visit(f"{url}/konto/password/change/", "change password")
    audit.assert_clean()


def test_server_error_page(demo, live_server, audit, monkeypatch):
    """The real 500 page: a page that raises, served by Django's own handler with DEBUG off."""

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a test-made failure")

    monkeypatch.setattr(StandardPage, "serve", broken)
    audit.visit(f"{live_server.url}/om-bloggen/", "500 page", status=500)
    audit.assert_clean()


def test_database_unavailable_pages(demo, live_server, audit, page, monkeypatch):
    """The 503 pages of mrblogg/unavailable.py: a page and a form sent while the database fails."""
    from django.db import OperationalError

    from blog.subscriptions import services

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(StandardPage, "serve", locked)
    audit.visit(f"{live_server.url}/om-bloggen/", "503 page", status=503)
    monkeypatch.setattr(services, "request_subscription", locked)
    page.goto(f"{live_server.url}/prenumeration/")
    page.locator("main form").get_by_label("Din e-postadress").fill("prenumerant@example.org")
    page.locator("main form").get_by_label("Verifiering").fill("PASSED")
    click_and_wait(page, page.locator("main form button[type=submit]").first)
    assert page.locator("main form").get_by_label("Din e-postadress").input_value() == (
        "prenumerant@example.org")
    audit.check("503 page with the form kept")
    audit.assert_clean()


def test_no_horizontal_scrolling_at_320_css_pixels(demo, live_server, context, page):
    """WCAG 1.4.10 (reflow): 320 CSS px wide, nothing but a data table scrolls sideways."""
    event = make_registration_form(
        make_open_event(index=BlogIndexPage.objects.get(), title="Öppen konferens")
    )
    log_in(context, live_server, "lasare@example.org")
    page.set_viewport_size({"width": 320, "height": 700})
    too_wide = {}
    for path in ["/", PLAIN_POST, CLOSED_EVENT, NETWORK_EVENT, event.url,
                 "/nagra-resultat-fran-arbetet-med-ok-2014-2017/",
                 "/valkomna-till-manskliga-rattighetsdagarna-2024/", "/tillganglighetsredogorelse/",
                 "/kontakta-oss/", "/prenumeration/", "/kommentarer/mina/", "/sok/?q=konferens"]:
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = width
    assert not too_wide, f"pages wider than 320 CSS px: {too_wide}"
