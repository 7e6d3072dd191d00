"""The blog answers (comments/replies.py): a blogger who may edit the post or an officer
answers from the post page, published at once with the mark "Svar från MR-bloggen", their
name and role; no reader can post as the blog, and staff need their second factor."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from comments.closure import close
from comments.models import AnswerRole, Comment
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.staff import give_totp, make_person, make_staff

MARK = "Svar från MR-bloggen"


@pytest.fixture
def post(blog_index):
    return make_post(title="Konferens")


@pytest.fixture
def question(post):
    return make_comment(post, make_reader(display_name="Karin"), "Blir det digitalt?")


def staff(group, first="Demo", last="Bloggare", totp=True):
    user = make_staff(group)
    user.first_name, user.last_name = first, last
    user.save()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return give_totp(user) if totp else user


def answer(client, post, parent, text="Ja, vi sänder digitalt.", **extra):
    data = {"text": text, "parent": parent, "as_blog": "1", **extra}
    return client.post(reverse("comments:post", args=[post.pk]), data)


@pytest.mark.django_db
def test_a_bloggers_answer_is_published_at_once_with_the_mark(client, post, question):
    blogger = staff("Bloggare")
    client.force_login(blogger)
    page = client.get(f"{post.url}?svara={question.pk}").content.decode()
    assert 'name="as_blog" value="1"' in page
    assert "captcha_1" not in page  # no CAPTCHA for staff with two factors
    response = answer(client, post, question.pk)
    stored = Comment.objects.get(author=blogger)
    assert (stored.status, stored.answer_role, stored.parent) == (
        Comment.Status.PUBLISHED, AnswerRole.BLOGGER, question)
    assert not hasattr(stored, "screening") or stored.screening is None
    client.logout()
    html = client.get(post.url).content.decode()
    entry = html.split(f'id="kommentar-{stored.pk}"', 1)[1].split("</li>", 1)[0]
    assert MARK in entry
    assert "Demo Bloggare</bdi><span class=\"comment-role\">, bloggare</span>" in entry
    assert f'id="kommentar-{stored.pk}" class="comment comment-reply comment-blog"' in html
    assert response.status_code == 302


@pytest.mark.django_db
def test_an_officer_answers_as_the_blog_too(client, post, question):
    officer = staff("Informationsansvariga", last="Informationsansvarig")
    client.force_login(officer)
    answer(client, post, question.pk)
    stored = Comment.objects.get(author=officer)
    assert (stored.status, stored.answer_role) == (Comment.Status.PUBLISHED, AnswerRole.OFFICER)
    assert ", informationsansvarig</span>" in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_a_reader_forging_the_staff_field_is_refused_and_nothing_is_stored(client, post, question):
    reader = make_reader(display_name="Falsk")
    client.force_login(reader)
    response = answer(client, post, question.pk, captcha_0="x", captcha_1="PASSED")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Bara bloggens bloggare och informationsansvariga kan svara som MR-bloggen." in html
    assert not Comment.objects.filter(author=reader).exists()
    assert MARK not in html.split('id="kommentarer"', 1)[1].split("<form", 1)[0]


@pytest.mark.django_db
def test_a_blogger_of_another_section_without_edit_rights_is_a_reader(client, post, question):
    """Staff with admin access but no edit permission on the post and no moderation
    permission (here: admin access only) cannot answer as the blog."""
    person = give_totp(make_person("admin access only"))
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    client.force_login(person)
    assert answer(client, post, question.pk).status_code == 403
    assert not Comment.objects.filter(author=person).exists()


@pytest.mark.django_db
def test_staff_without_the_second_factor_cannot_answer_as_the_blog(client, post, question):
    blogger = staff("Bloggare", totp=False)
    client.force_login(blogger)
    page = client.get(post.url).content.decode()
    assert 'name="as_blog"' not in page  # the reader's form, with the CAPTCHA
    response = answer(client, post, question.pk)
    assert response.status_code == 403
    assert "Aktivera tvåfaktorsinloggning innan du svarar som MR-bloggen." in response.content.decode()
    assert not Comment.objects.filter(author=blogger).exists()


@pytest.mark.django_db
def test_the_blogs_answer_follows_closure_and_the_parent_rules(client, post, question):
    blogger = staff("Bloggare")
    client.force_login(blogger)
    rejected = make_comment(post, text="Avvisad", status=Comment.Status.REJECTED)
    assert "Det går inte att svara" in answer(client, post, rejected.pk).content.decode()
    close(post, None)
    assert "Stängd för fler kommentarer" in answer(client, post, question.pk).content.decode()
    assert not Comment.objects.filter(author=blogger).exists()


@pytest.mark.django_db
def test_a_readers_display_name_never_carries_the_mark(client, post):
    """The mark comes from answer_role alone: a reader's comment named like it (stored before
    names were checked) shows no mark."""
    make_comment(post, make_reader(display_name="Svar från MR-bloggen"), "Hej")
    html = client.get(post.url).content.decode()
    assert 'class="blog-answer-mark"' not in html
