"""Keyboard-only journeys: only Tab, Shift+Tab, Enter, Space and typing; focus is checked
with `document.activeElement` at every step that matters."""

import re
from urllib.parse import urlsplit

import pytest

from blog.events.models import EventPost
from blog.subscriptions.models import Subscriber
from comments.models import Comment
from tests.e2e.conftest import focused, log_in, tab_to
from tests.factories import make_blog_index, make_open_event, make_registration_form

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PLAIN_POST = "/skr-bjuder-in-till-regionala-mr-konferenser-i-samverkan/"


def is_link_to(fragment):
    return lambda el: el["tag"] == "a" and fragment in (el["href"] or "")


def is_field(element_id):
    return lambda el: el["id"] == element_id


def is_button(text):
    return lambda el: el["tag"] == "button" and el["text"] == text


def active(page, expression):
    """Evaluate `expression` with `el` bound to the focused element."""
    return page.evaluate(f"() => {{ const el = document.activeElement; return {expression}; }}")


def test_skip_link_and_log_in_from_a_post(demo, live_server, page):
    page.goto(f"{live_server.url}{PLAIN_POST}")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Hoppa till innehållet"
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "main"

    # From the main content on, the comment section's own "Logga in" (it returns here).
    link = tab_to(page, is_link_to("/konto/login/?next="))
    assert link["text"] == "Logga in"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/konto/login/"))

    tab_to(page, is_field("id_login"))
    page.keyboard.type("lasare@example.org")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type("mr-demo-2024")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == PLAIN_POST)
    assert page.locator("header").get_by_role("button", name="Logga ut").is_visible()
    assert page.locator("#kommentera textarea").is_visible()


def test_write_a_comment_with_a_wrong_captcha_then_fix_it(demo, live_server, context, page):
    log_in(context, live_server, "lasare3@example.org")
    page.goto(f"{live_server.url}{PLAIN_POST}")

    textarea = tab_to(page, is_field("id_text"))
    assert textarea["label"] == "Din kommentar"
    page.keyboard.type("Finns det en inspelning från konferensen i Umeå?")

    # The CAPTCHA's alternative: a link to the spoken characters, reached by keyboard.
    audio = tab_to(page, is_link_to("/captcha/audio/"), limit=3)
    assert re.fullmatch(r"/captcha/audio/[0-9a-f]+\.wav", audio["href"])
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_captcha_1"
    assert focused(page)["label"].startswith("Verifiering")

    # "Visa en ny kod" gives a new image and keeps the text.
    old_image = page.locator("#kommentera img.captcha").get_attribute("src")
    tab_to(page, is_button("Visa en ny kod"), limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("textarea#id_text").input_value().startswith("Finns det en inspelning")
    assert page.locator("#kommentera img.captcha").get_attribute("src") != old_image

    # A wrong answer: sent with Enter from the CAPTCHA field.
    tab_to(page, is_field("id_captcha_1"))
    page.keyboard.type("fel")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The error is announced: focus is on a role=alert summary that links to the field,
    # and the field is aria-invalid and described by its error message.
    summary = page.evaluate("""() => {
      const el = document.activeElement;
      return {role: el.getAttribute('role'), text: el.innerText,
              links: [...el.querySelectorAll('a')].map(a => a.getAttribute('href'))};
    }""")
    assert summary["role"] == "alert", summary
    assert "Tecknen stämde inte" in summary["text"]
    assert "#id_captcha_1" in summary["links"]
    field = page.locator("#id_captcha_1")
    assert field.get_attribute("aria-invalid") == "true"
    described_by = field.get_attribute("aria-describedby").split()
    descriptions = " ".join(page.locator(f"#{i}").inner_text() for i in described_by)
    assert "Tecknen stämde inte" in descriptions
    assert page.locator("textarea#id_text").input_value().startswith("Finns det en inspelning")

    # Fix it: follow the summary's link to the field, type the right answer, send.
    tab_to(page, is_link_to("#id_captcha_1"), limit=5)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_captcha_1"
    page.keyboard.type("PASSED")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#kommentar-\d+$"))

    # The demo has other comments of this reader waiting too: this is the one just written.
    comment = Comment.objects.get(
        author__email="lasare3@example.org", status=Comment.Status.PENDING,
        text__startswith="Finns det en inspelning",
    )
    own = page.locator(f"#kommentar-{comment.pk}")
    assert "Finns det en inspelning" in own.inner_text()
    assert "Väntar på granskning" in own.inner_text()
    assert "väntar på granskning" in page.locator(".messages[role=status]").inner_text()


def summary_in_focus(page):
    return page.evaluate("""() => {
      const el = document.activeElement;
      return {role: el.getAttribute('role'), id: el.id, text: el.innerText,
              links: [...el.querySelectorAll('a')].map(a => a.getAttribute('href'))};
    }""")


def test_a_wrong_password_puts_focus_on_the_error_then_log_in(demo, live_server, page):
    page.goto(f"{live_server.url}/konto/login/?next={PLAIN_POST}")
    tab_to(page, is_field("id_login"))
    page.keyboard.type("lasare@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("fel-lösenord")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = summary_in_focus(page)
    assert summary["role"] == "alert" and summary["id"] == "form-errors", summary
    assert "felaktig" in summary["text"]

    tab_to(page, is_field("id_password"), limit=10)
    page.keyboard.type("mr-demo-2024")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == PLAIN_POST)
    assert urlsplit(page.url).fragment == ""
    assert page.locator("header").get_by_role("button", name="Logga ut").is_visible()


def test_sign_up_errors_take_focus_and_link_to_their_fields(demo, live_server, page):
    page.goto(f"{live_server.url}/konto/signup/")
    # Filled in as the browser requires, but the passwords differ: the server refuses.
    for field, text in [("id_email", "ny.lasare@example.org"),
                        ("id_display_name", "Ny Läsare"),
                        ("id_password1", "ett-långt-lösenord-9"),
                        ("id_password2", "ett-annat-lösenord-9"),
                        ("id_captcha_1", "PASSED")]:
        tab_to(page, is_field(field), limit=10)
        page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    summary = summary_in_focus(page)
    assert summary["role"] == "alert" and summary["id"] == "form-errors", summary
    assert summary["links"] == ["#id_password2"], summary
    tab_to(page, is_link_to("#id_password2"), limit=5)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_password2"


def test_subscribe_with_a_wrong_code_then_fix_it_by_keyboard(demo, live_server, page):
    page.goto(f"{live_server.url}/prenumeration/")
    tab_to(page, is_field("id_email"))
    page.keyboard.type("rattad@example.org")
    tab_to(page, is_field("id_captcha_1"), limit=5)
    page.keyboard.type("fel")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    summary = summary_in_focus(page)
    assert summary["role"] == "alert" and summary["id"] == "form-errors", summary
    assert "Tecknen stämde inte" in summary["text"]
    assert summary["links"] == ["#id_captcha_1"]
    tab_to(page, is_link_to("#id_captcha_1"), limit=5)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_captcha_1"
    page.keyboard.type("PASSED")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/prenumeration/skickat/$"))
    assert Subscriber.objects.get(email="rattad@example.org").status == "pending"


def test_subscribe_by_keyboard(demo, live_server, page):
    page.goto(f"{live_server.url}/")
    tab_to(page, is_link_to("/prenumeration/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/prenumeration/$"))

    tab_to(page, is_field("id_email"))
    page.keyboard.type("ny.prenumerant@example.org")
    tab_to(page, is_link_to("/captcha/audio/"), limit=3)
    tab_to(page, is_field("id_captcha_1"), limit=3)
    page.keyboard.type("PASSED")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/prenumeration/skickat/$"))
    assert page.locator("h1").inner_text() == "Titta i din e-post"
    assert Subscriber.objects.get(email="ny.prenumerant@example.org").status == "pending"


def test_register_for_an_event_by_keyboard(live_server, page):
    event = make_registration_form(
        make_open_event(index=make_blog_index(), title="Öppen konferens"), capacity=30
    )
    page.goto(f"{live_server.url}{event.url}")

    # "Anmäl dig" among the practical facts jumps to the form; Tab goes on from there.
    tab_to(page, lambda el: el["tag"] == "a" and el["text"] == "Anmäl dig")
    page.keyboard.press("Enter")
    answers = {
        "Namn": "Anna Andersson",
        "E-post": "anna@example.org",
        "Telefon": "070-319 79 20",
        "Organisation": "Umeå kommun",
        "Särskilda kostbehov": "Vegetariskt",
    }
    for label, answer in answers.items():
        page.keyboard.press("Tab")
        element = focused(page)
        assert element["label"] and element["label"].startswith(label), element
        page.keyboard.type(answer)
    # The human check after the editor's fields: its recording first, then the answer.
    tab_to(page, is_link_to("/captcha/audio/"), limit=1)
    assert tab_to(page, is_field("id_captcha_1"), limit=1)["label"].startswith("Verifiering")
    page.keyboard.type("PASSED")
    submit = tab_to(page, is_button("Anmäl dig"))
    assert submit
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.locator("h1").inner_text() == "Tack för din anmälan"
    event = EventPost.objects.get(pk=event.pk)
    assert event.get_submission_class().objects.filter(page=event).count() == 1
