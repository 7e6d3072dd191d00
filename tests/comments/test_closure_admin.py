"""Closing and reopening a post's discussion in the admin (comments/admin_views.py,
comments/closure.py): who may, what it writes and logs, and what readers then see."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from wagtail.models import PageLogEntry

from blog.models import BlogPost
from comments import closure
from comments.models import Discussion
from tests.factories import make_post
from tests.staff import give_totp, make_staff


def closure_url(post):
    return reverse("comments_discussion_closure", args=[post.pk])


def admin_user(name, *comment_permissions):
    """A member of staff with admin access and only the given comments permissions."""
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in comment_permissions:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="comments")
        )
    return give_totp(user)


@pytest.mark.django_db
def test_closing_writes_the_record_logs_it_and_readers_see_it(client, blog_index):
    post = make_post()
    editor = admin_user("redaktor2")
    assert "Stängd för fler kommentarer" not in client.get(post.url).content.decode()
    discussion = closure.close(post, editor)
    assert (discussion.closed, discussion.closed_by) == (True, editor)
    assert discussion.closed_at is not None
    assert "Stängd för fler kommentarer" in client.get(post.url).content.decode()
    closure.reopen(post, editor)
    assert "Stängd för fler kommentarer" not in client.get(post.url).content.decode()
    actions = list(PageLogEntry.objects.filter(page=post).values_list("action", flat=True))
    assert closure.CLOSE in actions and closure.REOPEN in actions
    history = client.get(f"/admin/pages/{post.pk}/history/")  # anonymous: sent to log in
    assert history.status_code == 302


@pytest.mark.django_db
def test_the_log_shows_the_closure_in_swedish(editor_client, blog_index):
    post = make_post()
    editor_client.post(closure_url(post), {"closed": "1"})
    history = editor_client.get(f"/admin/pages/{post.pk}/history/").content.decode()
    assert "Kommentarerna stängdes" in history


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["blogger", "officer"])
def test_who_may_edit_the_post_or_moderate_may_close(client, blog_index, who):
    post = make_post()
    user = (give_totp(make_staff("Bloggare")) if who == "blogger"
            else admin_user("officer", "view_comment", "change_comment"))
    client.force_login(user)
    assert "Stäng för kommentarer" in client.get(closure_url(post)).content.decode()
    response = client.post(closure_url(post), {"closed": "1"})
    assert response.status_code == 302
    assert Discussion.closed_by_editor(post.pk)


@pytest.mark.django_db
def test_staff_who_may_neither_are_refused_on_the_server(client, blog_index):
    post = make_post()
    client.force_login(admin_user("nobody"))
    for response in [client.get(closure_url(post)), client.post(closure_url(post), {"closed": "1"})]:
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Discussion.closed_by_editor(post.pk)
    edit = client.get(f"/admin/pages/{blog_index.pk}/")
    assert "Stäng för kommentarer" not in edit.content.decode()


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused(blog_index):
    post = make_post()
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user("officer", "view_comment", "change_comment"))
    assert client.post(closure_url(post), {"closed": "1"}).status_code == 403
    assert not Discussion.closed_by_editor(post.pk)


@pytest.mark.django_db
def test_the_page_listing_offers_to_close_each_post(editor_client, blog_index):
    post = make_post(title="Ett inlägg")
    closure.close(post, None)
    listing = editor_client.get(f"/admin/pages/{blog_index.pk}/").content.decode()
    assert "Öppna för kommentarer" in listing


@pytest.mark.django_db
def test_a_copy_of_a_closed_post_is_closed(editor_client, blog_index):
    post = make_post(title="Stängt original")
    closure.close(post, None)
    editor_client.post(f"/admin/pages/{post.pk}/copy/", {
        "new_title": "Kopian", "new_slug": "kopian", "new_parent_page": blog_index.pk,
    })
    copy = BlogPost.objects.get(slug="kopian")
    assert Discussion.closed_by_editor(copy.pk)
