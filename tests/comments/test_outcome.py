""""Mina kommentarer" tells the author what they may know: a neutral status for spam, and
the rules (and note) cited on a rejection, read from moderation through comments.outcome."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from comments.models import Comment
from moderation import actions, decisions
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post

MY_COMMENTS = reverse("comments:mine")


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user("officer", "officer@example.org", "pw")


@pytest.fixture
def reader(db):
    return make_reader(display_name="Karin")


def page_of(client, reader):
    client.force_login(reader)
    return client.get(MY_COMMENTS).content.decode()


@pytest.mark.django_db
def test_a_comment_marked_as_spam_reads_not_published(client, post, reader, officer):
    comment = make_comment(post, reader, "Köp billiga klockor", status=Comment.Status.PENDING)
    actions.mark_spam(comment, officer)
    html = page_of(client, reader)
    assert "<strong>Inte publicerad</strong>" in html
    assert "Spam" not in html and "skräppost" not in html.lower()


@pytest.mark.django_db
def test_a_rejection_shows_the_cited_rules_and_the_note(client, post, reader, officer):
    comment = make_comment(post, reader, "Du är en idiot", status=Comment.Status.PENDING)
    actions.reject(comment, officer, ["good_tone", "on_topic"], note="Skriv gärna igen – سلام")
    html = page_of(client, reader)
    assert "<strong>Avvisad</strong>" in html
    assert "Den publicerades inte, eftersom den inte följde våra regler för kommentarer:" in html
    assert "Kommentarerna ska hålla en god ton." in html
    assert "Din kommentar höll inte en god ton." in html
    assert "Kommentarerna ska vara kopplade till inlägget" in html
    assert "Meddelande från informationsansvarig:" in html
    assert '<span dir="auto">Skriv gärna igen – سلام</span>' in html
    # Nothing the author was not told: no other rule, no spam wording.
    assert "hat eller hot" not in html


@pytest.mark.django_db
def test_a_hostile_note_is_escaped(client, post, reader, officer):
    comment = make_comment(post, reader, status=Comment.Status.PENDING)
    actions.reject(comment, officer, ["good_tone"], note="<script>alert(1)</script>" + "å" * 5000)
    html = page_of(client, reader)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" + "å" * 5000 in html


@pytest.mark.django_db
def test_only_the_standing_decision_counts(client, post, reader, officer):
    comment = make_comment(post, reader, status=Comment.Status.PENDING)
    actions.reject(comment, officer, ["good_tone"])
    actions.undo(comment, officer)
    actions.approve(comment, officer)
    html = page_of(client, reader)
    assert "<strong>Publicerad</strong>" in html
    assert "Kommentarerna ska hålla en god ton." not in html

    # Published, then the approval undone: back to the rejection and its rule.
    actions.reject(comment, officer, ["on_topic"], note="Om ämnet")
    actions.approve(comment, officer)
    actions.undo(comment, officer)
    html = page_of(client, reader)
    assert "<strong>Avvisad</strong>" in html
    assert "Kommentarerna ska vara kopplade till inlägget" in html and "Om ämnet" in html
    assert "Kommentarerna ska hålla en god ton." not in html


@pytest.mark.django_db
def test_a_rule_no_longer_published_is_left_out(client, post, reader, officer):
    comment = make_comment(post, reader, status=Comment.Status.PENDING)
    entry = actions.reject(comment, officer, ["good_tone"])
    log = decisions.last_decision(entry)
    log.data["rules"] = ["a_rule_since_removed", "good_tone"]
    log.save()
    html = page_of(client, reader)
    assert "Kommentarerna ska hålla en god ton." in html
    assert "a_rule_since_removed" not in html


@pytest.mark.django_db
def test_the_page_takes_a_fixed_number_of_queries(
    client, post, reader, officer, django_assert_max_num_queries,
):
    def rejected(n):
        for i in range(n):
            comment = make_comment(post, reader, f"Nummer {i}", status=Comment.Status.PENDING)
            actions.reject(comment, officer, ["good_tone"])

    rejected(2)
    client.force_login(reader)
    with django_assert_max_num_queries(20) as few:
        client.get(MY_COMMENTS)
    rejected(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(MY_COMMENTS).content.decode()
    assert html.count("Kommentarerna ska hålla en god ton.") == 22
