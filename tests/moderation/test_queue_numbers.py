"""Numbers in the moderation queue read the Swedish way: "3,74", never "0.06" beside it."""

import re

import pytest
from django.utils import translation

from comments.models import Comment
from moderation.models import Finding, Screening
from moderation.queue import score_display
from tests.comments.factory import make_comment
from tests.factories import make_post
from tests.moderation.test_queue import QUEUE, staff

# How Python, not a Swedish reader, writes these numbers. (Times read "16.54" in Swedish,
# so a decimal point elsewhere on the page is no fault.)
PYTHON_WRITTEN = ("3.74", "3.68", "0.06", "3.7", "0.1")


@pytest.fixture
def screened(blog_index):
    comment = make_comment(make_post(title="Om rättigheter"), text="Du är en idiot, köp nu",
                           status=Comment.Status.PENDING)
    Screening.objects.create(comment=comment, risk=3.74)
    Finding.objects.create(comment=comment, rule="good_tone", reason="Oförskämda ord.",
                           evidence="idiot", score=3.68)
    Finding.objects.create(comment=comment, rule="no_spam", reason="Återkommer ofta.",
                           evidence="köp", score=0.06)
    return comment


def visible_text(html):
    """The page without its scripts, styles and tag attributes (version strings, ids)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]*>", " ", html)


@pytest.mark.parametrize("value, shown", [
    (3.74, "3,74"), (0.06, "0,06"), (0, "0,00"), (None, "0,00"), (12.3456, "12,35"), (0.0599, "0,06"),
])
def test_scores_are_shown_with_a_decimal_comma(value, shown):
    with translation.override("sv"):
        assert score_display(value) == shown


@pytest.mark.django_db
def test_the_queue_shows_risk_and_scores_alike(client, screened):
    client.force_login(staff("officer", "view_comment", "change_comment"))
    text = visible_text(client.get(QUEUE).content.decode())
    assert "3,74" in text  # the risk column
    assert "(3,68)" in text and "(0,06)" in text  # the findings
    assert [n for n in PYTHON_WRITTEN if re.search(rf"\b{re.escape(n)}\b", text)] == []


@pytest.mark.django_db
def test_the_review_page_shows_the_risk_with_a_decimal_comma(client, screened):
    client.force_login(staff("officer", "view_comment", "change_comment"))
    text = visible_text(client.get(f"{QUEUE}edit/{screened.pk}/").content.decode())
    assert "3,74" in text and "(3,68)" in text and "(0,06)" in text
    assert [n for n in PYTHON_WRITTEN if re.search(rf"\b{re.escape(n)}\b", text)] == []


@pytest.mark.django_db
def test_an_unscreened_comment_reads_zero(client, blog_index):
    comment = make_comment(make_post(title="Utan granskning"), status=Comment.Status.PENDING)
    client.force_login(staff("officer", "view_comment", "change_comment"))
    text = visible_text(client.get(QUEUE).content.decode())
    assert "0,00" in text
    text = visible_text(client.get(f"{QUEUE}edit/{comment.pk}/").content.decode())
    assert "0,00" in text
