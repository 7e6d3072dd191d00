"""The conversation in a browser: a reader opens "Svara", focus moves into the form under
the comment, "Avbryt svaret" gives focus back; the reply waits for review; the blogger
answers and the answer carries the mark. axe finds nothing on the page in either state."""

import re

import pytest

from comments.management.commands.load_demo_comments import MALMO_QUESTION, MATERIAL_QUESTION
from comments.models import Comment
from tests.e2e.conftest import axe_violations, describe, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PLAIN_POST = "/skr-bjuder-in-till-regionala-mr-konferenser-i-samverkan/"


def active_in_form_under(page, pk):
    return page.evaluate(
        """(pk) => { const el = document.activeElement;
            return el.tagName === 'TEXTAREA' && !!el.closest('#kommentar-' + pk + ' > form'); }""",
        pk,
    )


def assert_axe_clean(page):
    violations = axe_violations(page)
    assert not violations, describe(violations)


def test_a_reader_replies_and_the_reply_waits_for_review(demo, live_server, context, page):
    log_in(context, live_server, "lasare3@example.org")
    question = Comment.objects.get(text=MALMO_QUESTION)
    page.goto(f"{live_server.url}{PLAIN_POST}")
    assert_axe_clean(page)
    reply_link = page.locator(f"#kommentar-{question.pk} > .comment-actions a.reply-link")
    # Its accessible name says whom it answers (the name is visually hidden).
    assert " ".join(reply_link.text_content().split()) == "Svara Ahmed, socialtjänsten"

    # Open and cancel: focus into the form under the comment, then back to "Svara".
    reply_link.click()
    assert active_in_form_under(page, question.pk)
    assert page.locator(f"#svara-{question.pk} h3").inner_text() == "Svara Ahmed, socialtjänsten"
    assert_axe_clean(page)
    page.get_by_role("button", name="Avbryt svaret").click()
    assert page.evaluate("() => document.activeElement.classList.contains('reply-link')")
    assert page.locator("#kommentera").is_visible()

    reply_link.click()
    assert active_in_form_under(page, question.pk)
    page.keyboard.type("Kommer programmet att finnas på lättläst svenska?")
    page.locator("#id_captcha_1").fill("PASSED")
    with page.expect_navigation():
        page.get_by_role("button", name="Skicka kommentar").click()
    stored = Comment.objects.get(text="Kommer programmet att finnas på lättläst svenska?")
    assert stored.parent_id == question.pk and stored.status == Comment.Status.PENDING
    assert page.url.endswith(f"#kommentar-{stored.pk}")
    assert "väntar på granskning" in page.locator("main").inner_text()
    mine = page.locator(f"#kommentar-{question.pk} ol.replies > #kommentar-{stored.pk}")
    assert "Väntar på granskning" in mine.inner_text()
    assert "svar till Ahmed, socialtjänsten" in mine.inner_text()
    assert_axe_clean(page)


def test_a_blogger_answers_and_the_answer_shows_the_mark(demo, live_server, context, page):
    # load_demo gives the demo staff their authenticator app (demo_totp).
    log_in(context, live_server, "bloggare@example.org")
    question = Comment.objects.get(text=MATERIAL_QUESTION, parent=None)
    page.goto(f"{live_server.url}{PLAIN_POST}")
    assert page.locator("#id_captcha_1").count() == 0  # staff with two factors: no CAPTCHA
    page.locator(f"#kommentar-{question.pk} > .comment-actions a.reply-link").click()
    assert active_in_form_under(page, question.pk)
    page.keyboard.type("Materialet finns samlat på skr.se under Mänskliga rättigheter.")
    with page.expect_navigation():
        page.get_by_role("button", name="Publicera svaret").click()
    answer = Comment.objects.get(text__startswith="Materialet finns samlat")
    assert answer.status == Comment.Status.PUBLISHED and answer.parent_id == question.pk
    entry = page.locator(f"#kommentar-{answer.pk}")
    text = entry.inner_text()
    assert "Svar från MR-bloggen" in text.replace("SVAR FRÅN MR-BLOGGEN", "Svar från MR-bloggen")
    assert re.search(r"Demo Bloggare\s*, bloggare", text)
    # The address marks it (:target): an outline, not colour alone.
    assert entry.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    assert_axe_clean(page)
