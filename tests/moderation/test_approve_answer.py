"""'Godkänn och svara' in the queue (moderation/actions.approve_and_answer): the waiting
comment is approved and the officer's answer is published under it as the blog's, in one
transaction; when either is refused neither is stored."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from comments import closure
from comments.following import follow
from comments.models import AnswerNotice, AnswerRole, Comment, CommentSettings
from moderation import actions, claims
from moderation.models import Claim
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.moderation.test_queue import QUEUE, assert_denied_as_wagtail_does, staff

JSON = {"HTTP_ACCEPT": "application/json"}
ANSWER = "Tack för frågan! Ja, konferensen sänds digitalt."


def officer_named(username, first_name):
    user = staff(username, "view_comment", "change_comment")
    user.first_name, user.last_name = first_name, "Lind"
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def anna(db):
    return officer_named("anna", "Anna")


@pytest.fixture
def bo(db):
    return officer_named("bo", "Bo")


@pytest.fixture
def post(blog_index):
    return make_post(title="Konferens om rättigheter")


@pytest.fixture
def karin(db):
    return make_reader(display_name="Karin", email="karin@example.org")


@pytest.fixture
def question(post, karin):
    comment = make_comment(post, karin, "Blir det digitalt?", status=Comment.Status.PENDING)
    follow(comment, karin)
    return comment


def url(comment):
    return f"{QUEUE}approve-answer/{comment.pk}/"


def post_answer(client, comment, text=ANSWER, status="pending", **extra):
    return client.post(url(comment), {"status": status, "text": text}, **extra)


def answers_to(comment):
    return Comment.objects.filter(parent=comment)


def assert_nothing_stored(comment):
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not answers_to(comment).exists()
    assert not ModelLogEntry.objects.for_instance(comment).exists()


@pytest.mark.django_db
def test_the_page_offers_the_form_and_the_officer_approves_and_answers(
    client, anna, post, question, django_capture_on_commit_callbacks
):
    client.force_login(anna)
    page = client.get(f"{QUEUE}edit/{question.pk}/").content.decode()
    assert "Godkänn och svara" in page and "Ditt svar" in page
    assert f'action="{url(question)}"' in page and "csrfmiddlewaretoken" in page
    assert f'maxlength="{CommentSettings.load().max_length}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = post_answer(client, question, follow=True)
    assert "Kommentaren godkändes och ditt svar publicerades." in response.content.decode()
    question.refresh_from_db()
    assert question.status == Comment.Status.PUBLISHED
    [answer] = answers_to(question)
    assert (answer.author, answer.text, answer.status, answer.answer_role) == (
        anna, ANSWER, Comment.Status.PUBLISHED, AnswerRole.OFFICER)
    assert ModelLogEntry.objects.for_instance(question).get().action == "moderation.approve"
    assert Claim.objects.get(comment=question).officer == anna
    # The author is told of the approval, and as a follower of exactly one answer.
    to_karin = [m for m in mail.outbox if m.to == ["karin@example.org"]]
    subjects = sorted(m.subject for m in to_karin)
    assert subjects == ["Din kommentar på MR-bloggen har publicerats",
                        "Nytt svar på din kommentar på MR-bloggen: Konferens om rättigheter"]
    assert AnswerNotice.objects.get().answer_id == answer.pk
    # The post shows the answer as the blog's.
    client.logout()
    html = client.get(post.url).content.decode()
    entry = html.split(f'id="kommentar-{answer.pk}"', 1)[1].split("</li>", 1)[0]
    assert "Svar från MR-bloggen" in entry


@pytest.mark.django_db
def test_json_answer_and_a_second_decision_is_refused(client, anna, bo, question):
    client.force_login(anna)
    response = post_answer(client, question, **JSON)
    assert response.status_code == 200 and response.json()["ok"]
    Claim.objects.all().delete()  # no claim in the way: the status alone refuses
    client.force_login(bo)
    again = post_answer(client, question, "Ett andra svar", **JSON)
    assert again.status_code == 409
    assert "Anna Lind har redan beslutat om kommentaren" in again.json()["message"]
    # Even without the status the form was drawn with: only a waiting comment.
    bare = client.post(url(question), {"text": "Ett tredje svar"}, **JSON)
    assert bare.status_code == 409
    assert answers_to(question).count() == 1


@pytest.mark.django_db
def test_a_comment_another_officer_holds_is_refused(client, anna, bo, question):
    claims.take(question.pk, anna)
    client.force_login(bo)
    response = post_answer(client, question, **JSON)
    assert response.status_code == 409
    assert response.json()["message"] == "Anna Lind granskar redan kommentaren. Inget ändrades."
    assert_nothing_stored(question)


@pytest.mark.django_db
@pytest.mark.parametrize("text, message", [
    ("", "Skriv ditt svar."),
    ("   \n ", "Skriv ditt svar."),
    ("å" * 5000, "Svaret är längre än"),
    ("字" * 5000, "Svaret är längre än"),
])
def test_an_empty_or_too_long_answer_stores_nothing(client, anna, question, text, message):
    client.force_login(anna)
    response = post_answer(client, question, text, **JSON)
    assert response.status_code == 400 and message in response.json()["message"]
    plain = post_answer(client, question, text, follow=True)
    assert message in plain.content.decode()
    assert_nothing_stored(question)


@pytest.mark.django_db
def test_a_forged_status_or_id_stores_nothing(client, anna, question):
    client.force_login(anna)
    assert post_answer(client, question, status="<script>", **JSON).status_code == 400
    assert client.post(f"{QUEUE}approve-answer/999999/", {"text": ANSWER}).status_code == 404
    assert_nothing_stored(question)


@pytest.mark.django_db
def test_on_a_closed_post_neither_is_stored(client, anna, post, question):
    closure.close(post, anna)
    client.force_login(anna)
    response = post_answer(client, question, **JSON)
    assert response.status_code == 400
    assert response.json()["message"] == "Stängd för fler kommentarer"
    assert_nothing_stored(question)


@pytest.mark.django_db
def test_the_service_rolls_the_approval_back_when_the_answer_is_refused(
    anna, question, django_capture_on_commit_callbacks
):
    from comments.services import CommentRefused

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(CommentRefused):
        actions.approve_and_answer(question, anna, "x" * 100_000)
    assert_nothing_stored(question)
    assert mail.outbox == [] and not AnswerNotice.objects.exists()


@pytest.mark.django_db
def test_an_officer_without_two_factors_is_refused(client, question):
    user = staff("olle", "view_comment", "change_comment")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    from allauth.mfa.models import Authenticator

    client.force_login(user)
    Authenticator.objects.filter(user=user).delete()
    response = post_answer(client, question, **JSON)
    assert response.status_code == 302  # sent to set up two factors; answer_role_for behind it
    assert_nothing_stored(question)


@pytest.mark.django_db
def test_anonymous_reader_and_blogger_are_refused(client, question):
    assert post_answer(client, question).status_code == 302  # to the login
    reader = make_reader()
    client.force_login(reader)
    assert post_answer(client, question).status_code == 302
    blogger = staff("blogger")
    client.force_login(blogger)
    assert_denied_as_wagtail_does(client, post_answer(client, question), url(question))
    assert_nothing_stored(question)


@pytest.mark.django_db
def test_get_is_not_allowed_and_csrf_is_required(anna, question):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(anna)
    assert csrf_client.get(url(question)).status_code == 405
    assert post_answer(csrf_client, question).status_code == 403
    assert_nothing_stored(question)


@pytest.mark.django_db
def test_a_reply_shows_what_it_answers_escaped(client, anna, post, karin):
    top = make_comment(post, karin, "<b>Blir det digitalt?</b>")
    reply = Comment.objects.create(post=post, author=make_reader(), parent=top,
                                   text="Jag undrar också", status=Comment.Status.PENDING)
    client.force_login(anna)
    page = client.get(f"{QUEUE}edit/{reply.pk}/").content.decode()
    assert "Svar på" in page and "Karin skrev:" in page
    assert "&lt;b&gt;Blir det digitalt?&lt;/b&gt;" in page and "<b>Blir" not in page
    response = post_answer(client, reply, **JSON)
    assert response.json()["ok"]
    answer = Comment.objects.get(author=anna)
    assert (answer.parent, answer.answers) == (top, reply)
    # A top comment shows no such block.
    lone = make_comment(post, karin, "Ensam", status=Comment.Status.PENDING)
    assert "Karin skrev:" not in client.get(f"{QUEUE}edit/{lone.pk}/").content.decode()
