"""The record: a comment's history in the admin says who, when, the rules cited and the note."""

import pytest
from wagtail.log_actions import registry
from wagtail.models import ModelLogEntry

from moderation import actions, decisions, record
from tests.comments.factory import make_reader
from tests.factories import make_post

from .record_fixtures import QUEUE, make_officer, pending, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(db):
    return make_officer()


@pytest.fixture
def blogger(db):
    return staff("blogger")


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


def history(client, comment):
    response = client.get(f"{QUEUE}history/{comment.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_rejection_names_the_rules_and_the_note(client, officer, post):
    comment = pending(post, "Ni är idioter allihop")
    actions.reject(comment, officer, ["good_tone", "no_hate_or_threats"],
                   "Förolämpar andra läsare; tredje gången i dag.")
    client.force_login(officer)
    html = history(client, comment)
    assert "Kommentaren avvisades. Åberopade regler: ”Kommentarerna ska hålla en god ton.”" in html
    assert "”Kommentarer får inte innehålla hat eller hot”" in html
    assert "Anteckning: ”Förolämpar andra läsare; tredje gången i dag.”" in html
    assert "Olga Officer" in html  # who


def test_the_note_is_escaped_and_non_latin_text_kept(client, officer, post):
    comment = pending(post)
    actions.reject(comment, officer, ["on_topic"], '<script>alert("x")</script> لا علاقة بالموضوع')
    client.force_login(officer)
    html = history(client, comment)
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "لا علاقة بالموضوع" in html


def test_a_second_decision_and_its_undo_each_have_their_line(client, officer, post):
    other = staff("second", "view_comment", "change_comment", full_name="Sara Andra")
    comment = pending(post)
    actions.reject(comment, officer, ["no_spam"], "")
    actions.undo(comment, other)
    actions.approve(comment, other)
    client.force_login(officer)
    html = history(client, comment)
    assert "Åberopade regler: ”Kommentarer får inte utgöra spam." in html
    assert "Modereringsbeslutet ångrades" in html
    assert "Kommentaren godkändes och publicerades" in html
    assert "Sara Andra" in html and "Olga Officer" in html


def test_a_rejection_without_rules_in_its_data_reads_as_before():
    comment_entry = ModelLogEntry(action=decisions.REJECT, data={"from": "pending"})
    assert comment_entry.message == "Kommentaren avvisades"
    assert comment_entry.comment == ""


def test_an_unknown_rule_key_is_shown_as_stored():
    entry = ModelLogEntry(action=decisions.REJECT, data={"rules": ["retired_rule"], "note": "x"})
    assert entry.message == "Kommentaren avvisades. Åberopade regler: ”retired_rule”. Anteckning: ”x”"
    assert entry.comment == "x"


def test_the_unpublishing_after_reports_reads_like_a_rejection():
    entry = ModelLogEntry(action=record.UNPUBLISH, data={"rules": ["good_tone"], "note": "Anmäld 3 gånger"})
    assert entry.message.startswith("Kommentaren avpublicerades efter anmälningar. Åberopade regler:")
    assert entry.comment == "Anmäld 3 gånger"
    assert registry.action_exists(record.EXPORT_EVIDENCE)


def test_a_deleted_officer_still_has_a_line(client, officer, post):
    gone = staff("gone", "view_comment", "change_comment", full_name="Gustav Borta")
    comment = pending(post)
    actions.reject(comment, gone, ["good_tone"], "Notering kvar")
    gone.delete()
    client.force_login(officer)
    html = history(client, comment)
    assert "Notering kvar" in html and "Gustav Borta" not in html


def test_a_huge_note_is_shown_whole(client, officer, post):
    note = "Lång anteckning. " * 400
    comment = pending(post)
    actions.reject(comment, officer, ["good_tone"], note)
    client.force_login(officer)
    assert note.strip() in history(client, comment)


def test_the_history_is_refused_without_the_permission(client, blogger, post):
    comment = pending(post, author=make_reader())
    actions.reject(comment, blogger, ["good_tone"], "Hemlig anteckning")
    client.force_login(blogger)
    response = client.get(f"{QUEUE}history/{comment.pk}/")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    client.logout()
    response = client.get(f"{QUEUE}history/{comment.pk}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
