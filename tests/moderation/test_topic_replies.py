"""A reply is screened against what it answers: the topic check and the model read the post's
paragraphs plus the parent's (and `answers`') text; a deleted parent adds nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment
from moderation.checks import learned, topic
from moderation.checks.base import answered_texts, build_context
from moderation.learning import store
from moderation.models import ModerationSettings
from moderation.screening import Verdict, screen
from tests.comments.factory import make_reader
from tests.moderation.learning_factory import small_corpus  # noqa: F401
from tests.moderation.screening_factory import comment_at, human_rights_post, rules_of

pytestmark = pytest.mark.django_db

QUESTION = ("Gäller kraven på barnkonsekvensanalyser även fritidsgårdarna och "
            "idrottsföreningarna som kommunen ger bidrag till?")
# Makes sense only against QUESTION: none of its words are the post's.
ANSWER = ("Ja, fritidsgårdarna och idrottsföreningarna omfattas också, bidragsreglerna "
          "kräver det innan pengarna betalas ut varje höst.")
SHORT_QUESTION = "Kommer fritidsgårdarna och idrottsföreningarna också att omfattas av detta?"
SHORT_ANSWER = "Ja, fritidsgårdarna och idrottsföreningarna omfattas sedan januari, bidragsreglerna ändrades."


def reply_to(parent, text, answers=None):
    """A reply stored under `parent`, read back from the database (nothing cached)."""
    comment = Comment.objects.create(post=parent.post, author=make_reader(), text=text,
                                     parent=parent, answers=answers)
    return Comment.objects.get(pk=comment.pk)


@pytest.fixture
def post(blog_index):
    return human_rights_post()


@pytest.fixture
def question(post):
    return comment_at(post, QUESTION, status=Comment.Status.PUBLISHED)


@pytest.mark.parametrize("parent_text,text", [(QUESTION, ANSWER),
                                              (SHORT_QUESTION, SHORT_ANSWER)])
def test_a_reply_is_judged_against_its_parent_by_the_topic_check(post, parent_text, text):
    parent = comment_at(post, parent_text, status=Comment.Status.PUBLISHED)
    top = comment_at(post, text)
    assert "on_topic" in rules_of(topic.check(build_context(top, ModerationSettings())))
    reply = reply_to(parent, text)
    assert "on_topic" not in rules_of(topic.check(build_context(reply, ModerationSettings())))


def test_the_whole_pipeline_flags_the_top_comment_and_not_the_reply(question):
    top = comment_at(question.post, ANSWER)
    assert "on_topic" in rules_of(screen(top, settings=ModerationSettings()))
    reply = reply_to(question, ANSWER)
    assert "on_topic" not in rules_of(screen(reply, settings=ModerationSettings()))


def test_a_reply_to_a_reply_reads_both(question):
    first = comment_at(question.post, "Bra fråga, det undrar jag också.",
                       status=Comment.Status.PUBLISHED)
    Comment.objects.filter(pk=first.pk).update(parent=question)
    reply = reply_to(question, "Ja.", answers=first)
    assert answered_texts(reply) == (QUESTION, "Bra fråga, det undrar jag också.")


def test_the_conversation_keeps_the_tags_last(question):
    context = build_context(reply_to(question, ANSWER), ModerationSettings())
    assert context.conversation[-1] == context.post_paragraphs[-1]
    assert QUESTION in context.conversation and QUESTION not in context.post_paragraphs


def test_a_top_comment_has_no_answered_texts_and_costs_no_query(post, django_assert_num_queries):
    top = comment_at(post, ANSWER)
    with django_assert_num_queries(0):
        assert answered_texts(top) == ()


def test_a_reply_to_a_deleted_parent_still_screens(question):
    Comment.objects.filter(pk=question.pk).update(text="", deleted_at=timezone.now())
    reply = reply_to(question, ANSWER)
    assert answered_texts(reply) == ()
    results = screen(reply, settings=ModerationSettings())
    assert "on_topic" in rules_of(results)  # judged against the post alone
    reply.refresh_from_db()
    assert reply.status == Comment.Status.PENDING


def test_a_loaded_deleted_parent_adds_nothing(question):
    question.text, question.deleted_at = "", timezone.now()
    reply = Comment(post=question.post, author=make_reader(), text=ANSWER, parent=question)
    assert answered_texts(reply) == ()


def screening_queries(comment):
    """The queries of screening `comment` (its context and every check) once the
    per-process caches are warm."""
    Verdict(comment, ModerationSettings())
    with CaptureQueriesContext(connection) as captured:
        Verdict(comment, ModerationSettings())
    return len(captured)


def test_screening_a_reply_costs_a_constant_number_of_queries(question):
    first = comment_at(question.post, "Ett svar.", status=Comment.Status.PUBLISHED)
    Comment.objects.filter(pk=first.pk).update(parent=question)
    top = Comment.objects.get(pk=comment_at(question.post, ANSWER).pk)
    replies = [reply_to(question, f"{ANSWER} {n}") for n in range(3)]
    replies.append(reply_to(question, ANSWER, answers=first))
    counts = [screening_queries(r) for r in replies]
    # The post's tags, the author's history and standing, the texts answered (one query for
    # both), the word lists' freshness (4), organisations, link domains, the spam index (2).
    assert counts == [12] * 4
    assert screening_queries(top) == 11


def test_a_reply_with_its_parent_loaded_costs_what_a_top_comment_costs(question):
    """The reply service loads the parent (and `answers`) before screening a new reply."""
    first = comment_at(question.post, "Ett svar.", status=Comment.Status.PUBLISHED)
    reply = Comment(post=question.post, author=make_reader(), text=ANSWER, parent=question,
                    answers=first)
    top = Comment(post=question.post, author=reply.author, text=ANSWER)
    assert screening_queries(reply) == screening_queries(top)
    assert answered_texts(reply) == (QUESTION, "Ett svar.")


@pytest.mark.screening_model
@pytest.mark.usefixtures("small_corpus")
def test_the_model_reads_the_reply_against_its_parent(question):
    store.install()
    settings = ModerationSettings()
    top = build_context(comment_at(question.post, ANSWER), settings)
    reply = build_context(reply_to(question, ANSWER), settings)
    assert "on_topic" in rules_of(learned.check(top))
    assert "on_topic" not in rules_of(learned.check(reply))


@pytest.mark.screening_model
@pytest.mark.usefixtures("small_corpus")
def test_the_model_finds_a_short_reply_less_off_topic_against_its_parent(post):
    model = store.install() and store.active_model()
    parent = comment_at(post, SHORT_QUESTION, status=Comment.Status.PUBLISHED)
    settings = ModerationSettings()
    top = build_context(comment_at(post, SHORT_ANSWER), settings)
    reply = build_context(reply_to(parent, SHORT_ANSWER), settings)
    alone = model.predict(top.text, top.conversation)["on_topic"]
    answering = model.predict(reply.text, reply.conversation)["on_topic"]
    assert answering < alone
    assert "on_topic" not in rules_of(learned.check(reply))

