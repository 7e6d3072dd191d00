"""The whole pipeline: a comment submitted through comments.services is screened, its
findings and risk stored, and its status decided."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.services import submit_comment
from moderation.models import Finding, ModerationSettings, Screening
from moderation.rules import get_rule
from moderation.screening import screen
from tests.comments.factory import make_comment, make_reader
from tests.moderation.screening_factory import T0, comment_at, human_rights_post
from tests.moderation.test_spam import CAMPAIGN, index_many

pytestmark = pytest.mark.django_db


@pytest.fixture
def post(blog_index):
    return human_rights_post()


def test_a_rude_threat_stores_findings_with_swedish_reasons_and_a_risk(post):
    comment = submit_comment(post=post, author=make_reader(),
                             text="Din j.ä.v.l.a idiot, jag vet var du bor.")
    findings = {f.rule: f for f in Finding.objects.filter(comment=comment)}
    assert set(findings) == {"good_tone", "no_hate_or_threats"}
    assert findings["good_tone"].evidence == "j.ä.v.l.a, idiot,"
    assert findings["good_tone"].reason == str(get_rule("good_tone").finding)
    assert findings["no_hate_or_threats"].reason == "Hotfulla formuleringar."
    assert findings["no_hate_or_threats"].evidence == "vet var du bor."
    risk = Screening.objects.get(comment=comment).risk
    assert risk == pytest.approx(sum(f.score for f in findings.values()))
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING  # findings never reject by themselves


def test_a_clean_comment_has_no_findings_and_no_risk(post):
    comment = submit_comment(post=post, author=make_reader(), text="Tack för ett bra inlägg!")
    assert not Finding.objects.filter(comment=comment).exists()
    assert Screening.objects.get(comment=comment).risk == 0
    assert comment.status == Comment.Status.PENDING


def test_a_repeating_account_is_marked_spam_when_it_submits(post):
    spammer = make_reader()
    statuses = [submit_comment(post=post, author=spammer, text=CAMPAIGN + "!" * i).status
                for i in range(4)]
    assert statuses == ["pending", "pending", "pending", "spam"]
    last = Comment.objects.filter(author=spammer).last()
    assert last.status == Comment.Status.SPAM
    assert max(f.score for f in Finding.objects.filter(comment=last, rule="no_spam")) == 3.0


def test_trusted_mode_publishes_a_clean_comment_of_an_approved_author(post):
    settings = ModerationSettings.load()
    settings.trusted_mode = True
    settings.save()
    reader = make_reader()
    make_comment(post, author=reader, text="En tidigare kommentar.", status=Comment.Status.PUBLISHED)
    clean = submit_comment(post=post, author=reader, text="Tack, mycket bra inlägg!")
    rude = submit_comment(post=post, author=reader, text="Men vilket pucko du är.")
    newcomer = submit_comment(post=post, author=make_reader(), text="Tack, mycket bra inlägg!")
    assert (clean.status, rude.status, newcomer.status) == ("published", "pending", "pending")


def test_screening_again_replaces_the_findings(post):
    comment = submit_comment(post=post, author=make_reader(), text="Vilket pucko.")
    screen(comment)
    assert Finding.objects.filter(comment=comment).count() == 1


def queries_to_screen(post, stored):
    index_many(post, stored, lambda i: f"{CAMPAIGN} Kund nummer {i}.")
    comment = comment_at(post, CAMPAIGN + " Hej Skatteverket, idiot!", author=make_reader(),
                         at=T0)
    settings = ModerationSettings.load()
    with CaptureQueriesContext(connection) as context:
        screen(comment, settings=settings)
    return len(context.captured_queries)


def test_screening_costs_the_same_number_of_queries_however_many_comments_exist(post):
    assert queries_to_screen(post, 10) == queries_to_screen(human_rights_post(), 400)
