"""Demo comments show every state; editors see comment counts and close posts in the admin."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from blog.models import BlogPost
from comments.models import AnswerRole, Comment, Discussion
from tests.comments.factory import make_comment
from tests.factories import make_post


def load():
    call_command("load_demo", "--force", stdout=io.StringIO())
    call_command("load_demo_comments", "--force", stdout=io.StringIO())


@pytest.mark.django_db
def test_demo_comments_show_every_state_and_load_twice(client):
    load()
    load()
    post = BlogPost.objects.get(slug="skr-bjuder-in-till-regionala-mr-konferenser-i-samverkan")
    # Three readers' comments, the blogger's answer and a reader's reply.
    assert Comment.objects.filter(post=post).published().count() == 5
    # The clean and the flagged one, a reply; the two for load_demo_moderation wait for it.
    assert Comment.objects.filter(post=post).pending().count() == 5
    assert Comment.objects.count() == 10  # the second run added nothing
    answer = Comment.objects.get(post=post, answer_role=AnswerRole.BLOGGER)
    assert answer.parent.text.startswith("Tack för ett bra inlägg! Kommer konferensen i Malmö")
    waiting = Comment.objects.get(post=post, parent=answer.parent, status=Comment.Status.PENDING)
    assert waiting.author.email == "lasare2@example.org"
    closed = BlogPost.objects.get(slug="regional-konferens-manskliga-rattigheter-umea")
    assert Discussion.closed_by_editor(closed.pk)
    html = client.get(post.url).content.decode()
    assert "5 kommentarer" in html and "Svar från MR-bloggen" in html
    assert "Stängd för fler kommentarer" in client.get(closed.url).content.decode()


@pytest.mark.django_db
def test_page_listing_shows_comment_counts(editor_client, blog_index):
    post = make_post(title="Kommenterat")
    make_comment(post)
    make_comment(post)
    make_comment(post, status=Comment.Status.PENDING)
    html = editor_client.get(f"/admin/pages/{blog_index.pk}/").content.decode()
    assert "2 kommentarer (1 väntar)" in html


@pytest.mark.django_db
def test_editor_closes_and_reopens_comments_from_the_page_editor(editor_client, blog_index):
    post = make_post()
    edit = editor_client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    assert "Stäng för kommentarer" in edit
    url = reverse("comments_discussion_closure", args=[post.pk])
    assert "Stäng för kommentarer" in editor_client.get(url).content.decode()
    editor_client.post(url, {"closed": "1"})
    assert Discussion.closed_by_editor(post.pk)
    assert "Öppna för kommentarer" in editor_client.get(f"/admin/pages/{post.pk}/edit/").content.decode()
    editor_client.post(url, {"closed": "0"})
    assert not Discussion.closed_by_editor(post.pk)
