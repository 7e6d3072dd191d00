"""Slugs stored before the transliteration (Unicode, empty tag slugs) keep working."""

import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from taggit.models import Tag
from taggit.utils import parse_tags
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from blog.models import BlogPost, StandardPage
from blog.slugs import ascii_slug
from tests.blog.test_slugs import (
    ARABIC,
    CHINESE,
    SWEDISH,
    admin_post_data,
    assert_every_public_route_answers,
    errors,
)
from tests.factories import (
    make_blog_index,
    make_blogger,
    make_event,
    make_post,
    make_standard_page,
)
from tests.staff import give_totp

# --- What was stored before --------------------------------------------------------


@pytest.mark.django_db
def test_pages_and_tags_with_unicode_slugs_keep_working(client, blog_index):
    Tag.objects.create(name="Mänskliga rättigheter", slug="mänskliga-rättigheter")
    post = make_post(title=SWEDISH, tags=["Mänskliga rättigheter"])
    event = make_event(title="人权会议", tags=["Mänskliga rättigheter"])
    for page, slug in [(post, "nätverksträff-för-rättigheter"), (event, "人权会议")]:
        page.slug = slug
        page.save_revision().publish()
        page.refresh_from_db()
    routes = assert_every_public_route_answers(client, blog_index, [post, event])
    assert reverse("events:event_ics", args=["人权会议"]) in routes

    response = client.get(f"/kalender/{event.slug}/")
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''%E4%BA%BA%E6%9D%83%E4%BC%9A%E8%AE%AE.ics"
    )


@pytest.mark.django_db
def test_editing_a_page_keeps_its_unicode_slug_and_a_changed_slug_is_transliterated(
    editor_client, blog_index
):
    anna = make_blogger()
    post = make_post(title=SWEDISH, bloggers=[anna])
    post.slug = "nätverksträff"
    post.save_revision().publish()
    edit = f"/admin/pages/{post.pk}/edit/"

    response = editor_client.post(edit, admin_post_data(SWEDISH, anna, slug="nätverksträff"))
    assert response.status_code == 302, errors(response)
    post.refresh_from_db()
    assert post.slug == "nätverksträff"

    response = editor_client.post(edit, admin_post_data(SWEDISH, anna, slug="träff-i-umeå"))
    assert response.status_code == 302, errors(response)
    post.refresh_from_db()
    assert post.slug == "traff-i-umea"


@pytest.mark.django_db
def test_a_standard_page_gets_its_slug_from_the_title_too(editor_client, blog_index):
    data = nested_form_data({"title": "Om rättigheter på arabiska: " + ARABIC, "slug": "",
                             "intro": "", "body": streamfield([]), "comments": inline_formset([])})
    response = editor_client.post(
        f"/admin/pages/add/blog/standardpage/{blog_index.pk}/", {**data, "action-publish": "1"}
    )
    assert response.status_code == 302, errors(response)
    assert StandardPage.objects.get().slug == (
        "om-rattigheter-pa-arabiska-hqwq-lnsn"
    )


@pytest.mark.django_db
def test_a_tag_with_an_empty_slug_in_the_database_breaks_no_page(client, blog_index):
    post = make_post(title="Om taggar", tags=["#", "nätverk"])
    Tag.objects.filter(name="#").update(slug="")
    post = BlogPost.objects.get(pk=post.pk)
    make_standard_page()
    html = client.get(post.url).content.decode()
    assert '<span class="tag">#</span>' in html
    assert_every_public_route_answers(client, blog_index, [post])


@pytest.mark.django_db
def test_the_migration_gives_empty_tag_slugs_an_address(blog_index):
    # As taggit left them: the first such tag '', the next "_1" (slugs are unique).
    Tag.objects.create(name="renquan", slug="renquan")
    make_post(tags=[CHINESE, "#", "nätverk"])
    Tag.objects.filter(name=CHINESE).update(slug="")
    Tag.objects.filter(name="#").update(slug="_1")
    migration = importlib.import_module("blog.migrations.0007_blog_tag_slugs")
    migration.repair_empty_slugs(apps, None)
    slugs = dict(Tag.objects.values_list("name", "slug"))
    assert slugs == {"renquan": "renquan", CHINESE: "renquan_1", "#": "_1", "nätverk": "natverk"}



TEXT = st.characters(exclude_categories=["Cs", "Cc"], exclude_characters=',"')


@pytest.mark.django_db
# The examples share one database and client; each logs in afresh and slugs are numbered.
@hypothesis_settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.text(TEXT, min_size=1, max_size=80).filter(str.strip),
    tags=st.lists(st.text(TEXT, min_size=1, max_size=30).filter(str.strip), max_size=4),
)
def test_any_title_and_tags_published_in_the_admin_give_working_addresses(
    django_user_model, client, title, tags
):
    index = make_blog_index()
    editor = django_user_model.objects.filter(is_superuser=True).first() or give_totp(
        django_user_model.objects.create_superuser("prop", "prop@example.org", "pw")
    )
    client.force_login(editor)
    blogger = make_blogger()
    names = parse_tags(", ".join(f'"{tag}"' for tag in tags))
    data = admin_post_data(title, blogger, tags=", ".join(f'"{tag}"' for tag in tags))
    response = client.post(f"/admin/pages/add/blog/blogpost/{index.pk}/", data)

    if any(not ascii_slug(name) for name in names):
        assert response.status_code == 200
        assert any(message.startswith("Taggen ”") for message in errors(response))
        return
    assert response.status_code == 302, errors(response)
    post = BlogPost.objects.get(pk=BlogPost.objects.latest("pk").pk)
    assert re.fullmatch(r"[-a-z0-9]+", post.slug)
    client.logout()
    assert client.get(post.url).status_code == 200
    for tag in post.tags.all():
        assert tag.slug and client.get(f"/taggar/{tag.slug}/").status_code == 200
