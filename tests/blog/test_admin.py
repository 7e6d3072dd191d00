"""A blogger writes posts in the Wagtail admin: drafts, publishing, scheduling, preview."""

import datetime

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.events.models import EventPost
from blog.models import BlogPost
from tests.factories import make_blogger


def post_data(blogger=None, **extra):
    data = {
        "title": "Nytt inlägg",
        "slug": "nytt-inlagg",
        "date": "2024-05-01",
        "intro": "En ingress.",
        "tags": "demokrati, nätverk",
        "body": streamfield([
            ("heading", {"text": "Rubrik", "level": "h2"}),
            ("paragraph", rich_text("<p>Brödtext.</p>")),
        ]),
        "comments": inline_formset([]),
    }
    data.update(extra)
    form_data = nested_form_data(data)
    if blogger:
        form_data["bloggers"] = [str(blogger.pk)]
    return form_data


def add_url(index, model="blog/blogpost"):
    return f"/admin/pages/add/{model}/{index.pk}/"


@pytest.mark.django_db
def test_publish_a_post_with_blogger_and_tags(editor_client, blog_index):
    anna = make_blogger(name="Anna")
    response = editor_client.post(add_url(blog_index), {**post_data(anna), "action-publish": "1"})
    assert response.status_code == 302, response.content.decode()[:2000]
    post = BlogPost.objects.get(slug="nytt-inlagg")
    assert post.live
    assert list(post.bloggers.all()) == [anna]
    assert sorted(t.name for t in post.tags.all()) == ["demokrati", "nätverk"]


@pytest.mark.django_db
def test_draft_without_blogger_is_saved_but_publishing_it_is_refused(editor_client, blog_index):
    response = editor_client.post(add_url(blog_index), post_data())
    assert response.status_code == 302
    draft = BlogPost.objects.get(slug="nytt-inlagg")
    assert not draft.live

    response = editor_client.post(
        f"/admin/pages/{draft.pk}/edit/", {**post_data(), "action-publish": "1"}
    )
    assert response.status_code == 200
    assert "Det här fältet är obligatoriskt" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.live


@pytest.mark.django_db
def test_scheduled_post_is_not_live_before_its_time(editor_client, client, blog_index):
    anna = make_blogger()
    go_live = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    data = {**post_data(anna, go_live_at=go_live), "action-publish": "1"}
    response = editor_client.post(add_url(blog_index), data)
    assert response.status_code == 302
    post = BlogPost.objects.get(slug="nytt-inlagg")
    assert not post.live
    assert post.go_live_at is not None
    editor_client.logout()
    assert "Nytt inlägg" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_event_post_refuses_a_deadline_after_the_event(editor_client, blog_index):
    anna = make_blogger()
    data = post_data(anna, start_date="2022-11-30", registration_deadline="2022-12-05",
                     occasions=streamfield([]), programme=streamfield([]))
    data["action-publish"] = "1"
    response = editor_client.post(add_url(blog_index, "events/eventpost"), data)
    assert response.status_code == 200
    assert "Sista anmälningsdag kan inte vara efter att evenemanget har börjat." in response.content.decode()
    assert not EventPost.objects.exists()


@pytest.mark.django_db
def test_preview_renders_the_post(editor_client, blog_index):
    anna = make_blogger(name="Anna")
    url = f"/admin/pages/add/blog/blogpost/{blog_index.pk}/preview/"
    response = editor_client.post(url, post_data(anna))
    assert response.json()["is_valid"] is True
    response = editor_client.get(url)
    assert response.status_code == 200
    assert "<h1>Nytt inlägg</h1>" in response.content.decode()


def test_searching_the_bloggers_listing_finds_by_name_and_role(editor_client):
    make_blogger(name="Åsa Öberg", role="Utredare på SKR")
    make_blogger(name="Karin Lund", role="Jurist")
    by_role = editor_client.get("/admin/snippets/blog/blogger/", {"q": "utredare"})
    assert by_role.status_code == 200
    assert "Åsa Öberg" in by_role.content.decode() and "Karin Lund" not in by_role.content.decode()
    by_name = editor_client.get("/admin/snippets/blog/blogger/", {"q": "Öberg"})
    assert "Åsa Öberg" in by_name.content.decode()
