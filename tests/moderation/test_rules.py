"""The five rules are defined once; every place that shows a rule reads that definition."""

import dataclasses

import pytest

from blog.models import BlogSettings
from comments.models import Comment
from moderation import rules
from moderation.forms import RejectForm
from moderation.models import Finding
from tests.comments.factory import make_comment
from tests.factories import make_post, make_standard_page

SEED_WORDING = [
    "Kommentarerna ska hålla en god ton.",
    "Kommentarer får inte innehålla hat eller hot",
    "Kommentarerna ska vara kopplade till inlägget",
    "Kommentarer riktade till andra aktörer/verksamheter kommer inte att publiceras.",
    "Kommentarer får inte utgöra spam. Spam är när inlägg av samma typ återkommer med hög "
    "frekvens från en eller ett fåtal användare.",
]


def test_the_keys_are_exactly_the_five_rules():
    assert rules.RULE_KEYS == (
        "good_tone", "no_hate_or_threats", "on_topic", "not_addressed_elsewhere", "no_spam",
    )


@pytest.mark.django_db
def test_public_wording_is_the_published_swedish_text(client, blog_index):
    post = make_post()
    html = client.get(post.url).content.decode()
    for wording in SEED_WORDING:
        assert wording in html


@pytest.mark.django_db
def test_changing_a_wording_changes_it_everywhere(client, editor_client, blog_index, monkeypatch):
    changed = dataclasses.replace(rules.RULES[2], public_text="Håll dig till ämnet, tack.")
    monkeypatch.setattr(rules, "RULES", (*rules.RULES[:2], changed, *rules.RULES[3:]))

    rules_page = make_standard_page(title="Regler för kommentarer", slug="regler")
    blog_settings = BlogSettings.load()
    blog_settings.rules_page = rules_page
    blog_settings.save()
    post = make_post()
    comment = make_comment(post, status=Comment.Status.PENDING)
    Finding.objects.create(comment=comment, rule="on_topic", reason="x", score=0.3)

    assert "Håll dig till ämnet, tack." in client.get(rules_page.url).content.decode()
    assert "Håll dig till ämnet, tack." in client.get(post.url).content.decode()
    queue = editor_client.get("/admin/snippets/comments/comment/").content.decode()
    assert "Håll dig till ämnet, tack." in queue
    assert ("on_topic", "Håll dig till ämnet, tack.") in RejectForm().fields["rules"].choices
    assert rules.get_rule("on_topic").public_text == "Håll dig till ämnet, tack."
