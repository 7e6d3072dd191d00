"""Replies one level deep (comments/replies.py, comments/services.py): every rule a comment
follows, and every way to answer something that cannot be answered refused in Swedish with
nothing stored."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comments.closure import close
from comments.models import Comment, CommentSettings
from comments.services import CommentRefused, submit_comment
from moderation.models import Screening
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post

REFUSED = "Det går inte att svara på den kommentaren."


@pytest.fixture
def post(blog_index):
    return make_post(title="Ett inlägg om rättigheter")


@pytest.fixture
def karin(db):
    return make_reader(display_name="Karin")


@pytest.fixture
def question(post):
    return make_comment(post, make_reader(display_name="Ahmed"), "Blir det digitalt?")


def reply(client, post, parent, text="Ja, det blir det.", captcha="PASSED", **extra):
    data = {"text": text, "captcha_0": "test", "captcha_1": captcha, "parent": parent, **extra}
    return client.post(reverse("comments:post", args=[post.pk]), data)


@pytest.mark.django_db
def test_a_reply_waits_for_review_under_its_comment(client, post, karin, question):
    client.force_login(karin)
    response = reply(client, post, question.pk)
    stored = Comment.objects.get(author=karin)
    assert (stored.parent, stored.answers, stored.status) == (question, None, Comment.Status.PENDING)
    assert stored.answer_role == ""
    assert response["Location"] == f"{post.url}#kommentar-{stored.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "väntar på granskning" in html
    # Under Ahmed's comment, in its nested list, saying whom it answers.
    thread = html.split(f'id="kommentar-{question.pk}"', 1)[1]
    assert 'aria-label="Svar på kommentaren från Ahmed"' in thread
    assert f'id="kommentar-{stored.pk}" class="comment comment-reply comment-pending"' in thread
    assert 'svar till <bdi>Ahmed</bdi>' in thread


@pytest.mark.django_db
def test_a_reply_to_a_reply_goes_under_the_top_comment_and_names_whom_it_answers(
    client, post, karin, question
):
    answer = make_comment(post, make_reader(display_name="Maja"), "Ja!")
    answer.parent = question
    answer.save()
    client.force_login(karin)
    reply(client, post, answer.pk, text="Tack Maja")
    stored = Comment.objects.get(author=karin)
    assert (stored.parent, stored.answers) == (question, answer)
    stored.status = Comment.Status.PUBLISHED
    stored.save()
    html = client.get(post.url).content.decode()
    assert html.count('class="replies"') == 1
    assert "svar till <bdi>Maja</bdi>" in html


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Comment.Status.REJECTED, Comment.Status.PENDING,
                                    Comment.Status.SPAM])
def test_no_reply_to_a_comment_that_is_not_published(client, post, karin, status):
    target = make_comment(post, text="Inte publicerad", status=status)
    client.force_login(karin)
    response = reply(client, post, target.pk)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert "Ja, det blir det.</textarea>" in response.content.decode()
    assert not Comment.objects.filter(author=karin).exists()


@pytest.mark.django_db
def test_no_reply_to_a_deleted_comment_nor_to_another_posts(client, post, karin, question):
    other = make_comment(make_post(), text="På ett annat inlägg")
    client.force_login(karin)
    gone = question.pk
    question.delete()
    for target in [gone, other.pk]:
        assert REFUSED in reply(client, post, target).content.decode()
    assert not Comment.objects.filter(author=karin).exists()


@pytest.mark.django_db
def test_no_reply_under_a_top_comment_that_was_unpublished(client, post, karin, question):
    answer = Comment.objects.create(post=post, author=make_reader(), text="Svar", parent=question,
                                    status=Comment.Status.PUBLISHED)
    question.status = Comment.Status.REJECTED
    question.save()
    client.force_login(karin)
    assert REFUSED in reply(client, post, answer.pk).content.decode()
    assert not Comment.objects.filter(author=karin).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["abc", "-4", "0", "99999999999999999999", "١٢", "1 OR 1=1",
                                    "99999"])
def test_forged_parent_ids_are_refused(client, post, karin, question, forged):
    client.force_login(karin)
    response = reply(client, post, forged)
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not Comment.objects.filter(author=karin).exists()


@pytest.mark.django_db
def test_no_reply_on_a_closed_post(client, post, karin, question):
    close(post, None)
    client.force_login(karin)
    html = reply(client, post, question.pk).content.decode()
    assert "Stängd för fler kommentarer" in html
    assert not Comment.objects.filter(author=karin).exists()
    # And no "Svara" link under its comments.
    assert 'class="reply-link"' not in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_a_huge_reply_is_refused_and_kept_for_the_reader(client, post, karin, question):
    client.force_login(karin)
    response = reply(client, post, question.pk, text="ä" * 100_000)
    assert "100000 tecken lång; högst 900 är tillåtna" in response.content.decode().replace("\xa0", "")
    assert not Comment.objects.filter(author=karin).exists()


@pytest.mark.django_db
def test_a_reply_needs_the_captcha_and_a_login(client, post, karin, question):
    response = reply(client, post, question.pk)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    client.force_login(karin)
    html = reply(client, post, question.pk, captcha="FEL").content.decode()
    assert "Tecknen stämde inte" in html
    assert not Comment.objects.filter(author=karin).exists()


@pytest.mark.django_db
def test_replies_count_toward_the_rate_limit_and_the_posts_limit(post, karin, question):
    settings = CommentSettings.load()
    settings.rate_limit_count = 2
    settings.save()
    submit_comment(post=post, author=karin, text="Ett", parent_id=question.pk)
    submit_comment(post=post, author=karin, text="Två")
    with pytest.raises(CommentRefused) as refused:
        submit_comment(post=post, author=karin, text="Tre", parent_id=question.pk)
    assert "många kommentarer" in str(refused.value.message)
    settings.rate_limit_count = 100
    settings.max_comments_per_post = 3  # the question, a reply and a comment
    settings.save()
    with pytest.raises(CommentRefused):
        submit_comment(post=post, author=make_reader(), text="Fyra", parent_id=question.pk)
    assert Comment.objects.filter(post=post).count() == 3


@pytest.mark.django_db
def test_a_reply_is_screened_like_any_comment(post, karin, question):
    """Through store_new_comment: moderation's screener decides and records findings."""
    text = "Vilket idiotiskt inlägg. Ni är dumma i huvudet och borde hålla käften."
    stored = submit_comment(post=post, author=karin, text=text, parent_id=question.pk)
    assert stored.status == Comment.Status.PENDING
    assert Screening.objects.filter(comment=stored).exists()


@pytest.mark.django_db
def test_the_model_refuses_a_reply_to_a_reply(post, question):
    answer = make_comment(post)
    answer.parent = question
    answer.save()
    deeper = Comment(post=post, author=make_reader(), text="Djupt", parent=answer)
    with pytest.raises(ValidationError):
        deeper.clean()
    elsewhere = Comment(post=make_post(), author=make_reader(), text="x", parent=question)
    with pytest.raises(ValidationError):
        elsewhere.clean()


@pytest.mark.django_db
def test_deleting_a_comment_says_its_replies_go_with_it(client, post, karin):
    own = make_comment(post, karin, "Min fråga")
    Comment.objects.create(post=post, author=make_reader(), text="Svar", parent=own,
                           status=Comment.Status.PUBLISHED)
    client.force_login(karin)
    page = client.get(reverse("comments:delete", args=[own.pk])).content.decode()
    assert "Svaret på den raderas också." in page
    client.post(reverse("comments:delete", args=[own.pk]))
    assert not Comment.objects.filter(post=post).exists()


@pytest.mark.django_db
def test_a_new_captcha_keeps_the_reply_under_its_comment(client, post, karin, question):
    client.force_login(karin)
    response = reply(client, post, question.pk, text="Halvfärdigt svar", captcha="",
                     captcha_refresh="1")
    html = response.content.decode()
    entry = html.split(f'id="kommentar-{question.pk}"', 1)[1]
    assert entry.index(f'<form id="svara-{question.pk}"') < entry.index("</li>")
    assert "Halvfärdigt svar</textarea>" in entry
    assert not Comment.objects.filter(author=karin).exists()
