"""Told when answered (comments/following.py, comments/notify.py): the author ticks "Meddela
mig via e-post när någon svarar"; each published answer sends one e-mail to each follower,
after publication, never for their own answer, never twice; one-click unsubscribe (RFC 8058)
and the page "Det här följer du"."""

import pytest
from django.core import mail
from django.urls import reverse

from comments.following import follow
from comments.models import AnswerNotice, Comment, Follow
from comments.services import submit_comment
from moderation import actions
from moderation.rules import RULE_KEYS
from mrblogg.models import OutgoingEmail
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.staff import give_totp, make_staff

pytestmark = pytest.mark.django_db
TICK = "Meddela mig via e-post när någon svarar"


@pytest.fixture
def post(blog_index):
    return make_post(title="Konferens om rättigheter")


@pytest.fixture
def karin(db):
    return make_reader(display_name="Karin", email="karin@example.org")


@pytest.fixture
def question(post, karin):
    comment = make_comment(post, karin, "Blir det digitalt?")
    follow(comment, karin)
    return comment


@pytest.fixture
def officer(db):
    from allauth.account.models import EmailAddress

    user = make_staff("Informationsansvariga")
    user.first_name, user.last_name = "Olle", "Officer"
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return give_totp(user)


def write(client, post, text="Hej!", parent=None, follow_it=False, **extra):
    data = {"text": text, "captcha_0": "x", "captcha_1": "PASSED", **extra}
    if parent:
        data["parent"] = parent
    if follow_it:
        data["follow"] = "on"
    return client.post(reverse("comments:post", args=[post.pk]), data)


def reply(post, author, parent, text="Ja, det blir det.", status=Comment.Status.PENDING):
    return Comment.objects.create(post=post, author=author, parent=parent, text=text,
                                  status=status)


def notices():
    """The answer notices sent (the authors' own decision e-mails left out)."""
    return [m for m in mail.outbox if m.subject.startswith("Nytt svar på din kommentar")]


def notices_to(address):
    return [m for m in notices() if m.to == [address]]


# Ticking the box.

def test_the_box_is_offered_off_by_default_and_labelled(client, post, karin):
    client.force_login(karin)
    html = client.get(post.url).content.decode()
    assert f'<label for="id_follow">{TICK}</label>' in html
    box = html.split('id="id_follow"', 1)[1].split(">", 1)[0]
    assert "checked" not in box and 'aria-describedby="id_follow-help"' in box


def test_ticking_the_box_follows_the_new_comment_and_not_ticking_does_not(client, post, karin):
    client.force_login(karin)
    write(client, post, "Första", follow_it=True)
    write(client, post, "Andra")
    first, second = Comment.objects.filter(author=karin).order_by("pk")
    assert list(Follow.objects.values_list("comment_id", "reader_id")) == [(first.pk, karin.pk)]
    assert len(Follow.objects.get().token) >= 40
    assert not Follow.objects.filter(comment=second).exists()


def test_a_reply_can_be_followed_and_a_refused_comment_stores_no_follow(client, post, question):
    ahmed = make_reader(display_name="Ahmed")
    client.force_login(ahmed)
    write(client, post, "Jag undrar också", parent=question.pk, follow_it=True)
    assert Follow.objects.filter(reader=ahmed, comment__parent=question).count() == 1
    response = write(client, post, "x" * 5000, follow_it=True)
    assert response.status_code == 200 and Follow.objects.filter(reader=ahmed).count() == 1
    assert 'id="id_follow" checked' in response.content.decode()  # the tick is kept


# When an answer is published.

def test_an_approved_answer_tells_the_follower_once_after_publication(
    post, karin, question, officer, django_capture_on_commit_callbacks
):
    ahmed = make_reader(display_name="Ahmed")
    answer = reply(post, ahmed, question, "Ja, via länk.")
    assert not AnswerNotice.objects.exists()  # waiting: nobody told
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(answer, officer)
    [message] = notices_to("karin@example.org")
    assert message.subject == "Nytt svar på din kommentar på MR-bloggen: Konferens om rättigheter"
    assert "Ahmed har svarat på din kommentar på ”Konferens om rättigheter”:" in message.body
    assert "Ja, via länk." in message.body
    assert f"http://localhost/kommentarer/{answer.pk}/" in message.body
    notice = AnswerNotice.objects.get()
    assert (notice.status, notice.outgoing.status) == ("queued", OutgoingEmail.Status.SENT)

    # Undone and approved again: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        actions.undo(answer, officer)
        actions.approve(answer, officer)
    assert len(notices_to("karin@example.org")) == 1
    assert AnswerNotice.objects.count() == 1


def test_a_rejected_or_spam_answer_tells_nobody(
    post, question, officer, django_capture_on_commit_callbacks
):
    ahmed = make_reader()
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject(reply(post, ahmed, question, "Dumt"), officer, [RULE_KEYS[0]])
        actions.mark_spam(reply(post, ahmed, question, "Köp!"), officer)
    assert notices() == [] and not AnswerNotice.objects.exists()


def test_an_answer_unpublished_before_the_worker_ran_is_not_sent_until_published_again(
    post, karin, question, officer, django_capture_on_commit_callbacks
):
    answer = reply(post, make_reader(display_name="Ahmed"), question)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.approve(answer, officer)
    Comment.objects.filter(pk=answer.pk).update(status=Comment.Status.REJECTED)
    for callback in callbacks:
        callback()  # the worker comes late: the answer is no longer published
    assert notices() == [] and AnswerNotice.objects.get().status == "pending"
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(Comment.objects.get(pk=answer.pk), officer)
    assert len(notices_to("karin@example.org")) == 1


def test_a_staff_answer_tells_at_once_with_name_role_and_mark(
    client, post, karin, question, officer, django_capture_on_commit_callbacks
):
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("comments:post", args=[post.pk]),
                    {"text": "Ja, <b>digitalt</b> & på plats.", "parent": question.pk,
                     "as_blog": "1"})
    [message] = notices_to("karin@example.org")
    assert "Olle Officer, informationsansvarig (Svar från MR-bloggen) har svarat" in message.body
    assert "Ja, <b>digitalt</b> & på plats." in message.body  # plain text as written
    html = message.alternatives[0][0]
    assert "Ja, &lt;b&gt;digitalt&lt;/b&gt; &amp; på plats." in html and "<b>" not in html


def test_an_own_answer_tells_nobody_and_a_reader_following_two_comments_is_told_once(
    post, karin, question, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mine = reply(post, karin, question, "Jag svarar mig själv")
        actions.approve(mine, officer)
    assert notices() == []
    # Karin follows her question and her reply; Ahmed answers her reply by name.
    follow(mine, karin)
    ahmed = make_reader(display_name="Ahmed")
    with django_capture_on_commit_callbacks(execute=True):
        answer = Comment.objects.create(post=post, author=ahmed, parent=question, answers=mine,
                                        text="Till dig, Karin")
        actions.approve(answer, officer)
    [message] = notices_to("karin@example.org")
    # The unsubscribe link is the follow of the reply it answers by name.
    assert Follow.objects.get(comment=mine).token in message.extra_headers["List-Unsubscribe"]
    # Another reader's question she follows too: told of answers in both threads.
    other = make_comment(post, make_reader(), "En annan fråga")
    follow(other, karin)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(reply(post, ahmed, other, "Svar där"), officer)
    assert len(notices_to("karin@example.org")) == 2


def test_followers_of_a_top_comment_hear_of_every_reply_in_its_thread(
    post, karin, question, officer, django_capture_on_commit_callbacks
):
    maja = make_reader(display_name="Maja", email="maja@example.org")
    first = reply(post, maja, question, "Första svaret", status=Comment.Status.PUBLISHED)
    follow(first, maja)
    ahmed = make_reader(display_name="Ahmed")
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(Comment.objects.create(post=post, author=ahmed, parent=question,
                                               text="Till alla"), officer)
    assert len(notices_to("karin@example.org")) == 1  # her thread
    assert notices_to("maja@example.org") == []  # not an answer to Maja's reply


def test_swedish_and_non_latin_text_in_the_email(
    post, question, officer, django_capture_on_commit_callbacks
):
    name, text = "Ωμέγα 李小龍 مرحبا", "Åsa, ÄÖ: 你好世界 — שלום\nrad två <script>"
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(reply(post, make_reader(display_name=name), question, text), officer)
    [message] = notices()
    assert f"{name} har svarat" in message.body and text in message.body
    html = message.alternatives[0][0]
    assert "你好世界 — שלום<br>rad två &lt;script&gt;" in html
    raw = message.message().as_bytes()  # encodes without error
    assert b"List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw


def test_the_headers_are_rfc_8058(post, karin, question, officer,
                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(reply(post, make_reader(), question), officer)
    [message] = notices()
    token = Follow.objects.get(reader=karin).token
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<http://localhost/kommentarer/folj/avsluta/{token}/>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_follower_who_stopped_before_the_worker_ran_gets_nothing(
    post, karin, question, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.approve(reply(post, make_reader(), question), officer)
    Follow.objects.all().delete()
    for callback in callbacks:
        callback()
    assert notices() == [] and AnswerNotice.objects.get().status == "skipped"


def test_the_worker_running_twice_sends_once(post, karin, question, officer,
                                             django_capture_on_commit_callbacks):
    from comments.notify import send_answer_notices

    answer = reply(post, make_reader(), question)
    with django_capture_on_commit_callbacks(execute=True):
        actions.approve(answer, officer)
        send_answer_notices.call(answer.pk)
        send_answer_notices.call(answer.pk)
    assert len(notices()) == 1 and AnswerNotice.objects.get().status == "queued"


def test_the_service_stores_the_follow_in_the_comments_transaction(post, karin):
    comment = submit_comment(post=post, author=karin, text="Med följ", follow=True)
    assert Follow.objects.filter(comment=comment, reader=karin).exists()
