"""The whole pipeline: a comment submitted through comments.services is screened, its
findings and risk stored, and its status decided."""

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from comments.models import Comment
from comments.services import submit_comment
from comments.signals import comment_submitted
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
    assert statuses == ["pending", "pending", "spam", "spam"]  # the third link to one site
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


def comment_writes(queries):
    """The INSERTs and UPDATEs of the comments table among captured queries."""
    table = connection.ops.quote_name(Comment._meta.db_table)
    sqls = [q["sql"] for q in queries.captured_queries]
    return ([s for s in sqls if s.startswith(f"INSERT INTO {table} ")],
            [s for s in sqls if s.startswith(f"UPDATE {table} ")])


@pytest.mark.parametrize("repeats", [1, 3])  # the third of a campaign is decided SPAM
def test_a_posted_comment_is_written_once_with_its_decision(post, repeats):
    spammer = make_reader()
    for i in range(repeats - 1):
        submit_comment(post=post, author=spammer, text=CAMPAIGN + "!" * i)
    saves = []

    def count(sender, instance, **kwargs):
        saves.append(instance.pk)

    post_save.connect(count, sender=Comment, dispatch_uid="test.count_comment_saves")
    try:
        with CaptureQueriesContext(connection) as queries:
            comment = submit_comment(post=post, author=spammer, text=CAMPAIGN + "!" * repeats)
    finally:
        post_save.disconnect(dispatch_uid="test.count_comment_saves", sender=Comment)
    inserts, updates = comment_writes(queries)
    assert (len(inserts), updates) == (1, [])
    assert saves == [comment.pk]  # one post_save: the caches are cleared once
    assert Comment.objects.get(pk=comment.pk).status == ("spam" if repeats == 3 else "pending")


def test_screening_comes_before_what_follows_a_new_comment(post):
    seen = []

    def follows(sender, comment, **kwargs):
        seen.append((Comment.objects.get(pk=comment.pk).status,
                     Finding.objects.filter(comment=comment).count(),
                     Screening.objects.filter(comment=comment).exists()))

    comment_submitted.connect(follows, dispatch_uid="test.follows")
    try:
        submit_comment(post=post, author=make_reader(), text="Vilket pucko.")
    finally:
        comment_submitted.disconnect(dispatch_uid="test.follows")
    assert seen == [("pending", 1, True)]


@pytest.mark.parametrize("text", [
    "Din j.ä.v.l.a idiot, jag vet var du bor.",
    "Hej Skatteverket! Ring mig på 070-123 45 67 om mitt ärende.",
    "Köp billigt på www.example.com och www.example.com/x och www.exempel.se i dag!",
    "Jag gillar fotboll och glass, särskilt på sommaren när solen skiner över stranden.",
])
def test_screening_before_the_insert_finds_what_screening_again_finds(post, text):
    comment = submit_comment(post=post, author=make_reader(), text=text)

    def found():
        return sorted(Finding.objects.filter(comment=comment)
                      .values_list("rule", "score", "evidence", "reason"))

    first, status = found(), comment.status
    screen(comment)
    assert found() == first and comment.status == status
