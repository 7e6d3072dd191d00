"""Slugs and tags (blog/slugs.py, blog/forms.py): new slugs are transliterated ASCII, never
empty; stored Unicode slugs keep working; every public route answers for every page type."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest
from django.urls import resolve, reverse
from django.utils.text import slugify
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from taggit.models import Tag
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.events.models import EventPost
from blog.models import BlogIndexPage, BlogPost, BlogTag
from blog.slugs import TAG_SLUG_LENGTH, ascii_slug, tag_slug
from tests.blog.subscriptions.factory import make_subscriber
from tests.factories import (
    make_blogger,
    make_post,
)

SWEDISH = "Nätverksträff för rättigheter"
ARABIC = "حقوق الإنسان"
CHINESE = "人权"
HARD_TAGS = [ARABIC, CHINESE, "😀", "Mänskliga rättigheter"]


# --- The slug functions ------------------------------------------------------------


@pytest.mark.parametrize(("text", "slug"), [
    (SWEDISH, "natverkstraff-for-rattigheter"),
    ("Ørebro & Straße", "orebro-strasse"),
    (CHINESE, "renquan"),
    (ARABIC, "hqwq-lnsn"),
    ("😀 Fest", "grinning-fest"),
    ("#", ""),
    ("  ", ""),
])
def test_new_slugs_are_transliterated_ascii(text, slug):
    assert ascii_slug(text) == slug


def test_a_tag_with_nothing_to_transliterate_still_gets_an_address():
    assert tag_slug("#") == "tagg-23"
    assert tag_slug("# !") == "tagg-23-21"
    assert len(tag_slug("#" * 100)) <= TAG_SLUG_LENGTH
    assert len(tag_slug(CHINESE * 50)) <= TAG_SLUG_LENGTH


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_tag_name_gets_a_short_ascii_slug_the_tag_route_accepts(name):
    slug = tag_slug(name)
    assert slug and slug.isascii() and len(slug) <= TAG_SLUG_LENGTH
    assert re.fullmatch(r"[-a-z0-9]+", slug)


@pytest.mark.django_db
@hypothesis_settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_every_slug_wagtail_or_taggit_can_store_is_routed_both_ways(text):
    """Reverse and resolve of each slug route, for any Unicode slug Django's slugify makes."""
    slug = slugify(text, allow_unicode=True)
    if not slug:
        return
    for name in ["by_tag", "tag_rss", "tag_atom", "by_blogger"]:
        path = BlogIndexPage().reverse_subpage(name, args=[slug])
        match = BlogIndexPage.get_resolver().resolve("/" + unquote(path))
        assert match.url_name == name and list(match.args) + list(match.kwargs.values()) == [slug]
    # The calendar file is a route of the events app (blog/events/urls.py).
    match = resolve(unquote(reverse("events:event_ics", args=[slug])))
    assert match.view_name == "events:event_ics" and match.kwargs == {"slug": slug}


# --- Through the admin, as an editor publishes ----------------------------------------


ALL_HARD_TAGS = ", ".join(f'"{t}"' for t in HARD_TAGS)


def admin_post_data(title, blogger, slug="", tags=ALL_HARD_TAGS, event=False):
    data = {
        "title": title, "slug": slug, "date": "2024-05-01", "intro": "En ingress.",
        "tags": tags,
        "body": streamfield([("paragraph", rich_text("<p>Brödtext om rättigheter.</p>"))]),
        "comments": inline_formset([]),
    }
    if event:
        data.update(
            start_date="2024-06-10", start_time="10:00", end_time="16:00",
            venue_name="Umeå Folkets hus", locality="Umeå", is_free="on",
            occasions=streamfield([]), programme=streamfield([]),
            registration_fields=inline_formset([]),
        )
    form_data = nested_form_data(data)
    form_data["bloggers"] = [str(blogger.pk)]
    form_data["action-publish"] = "1"
    return form_data


def publish(editor_client, index, data, model="blog/blogpost"):
    response = editor_client.post(f"/admin/pages/add/{model}/{index.pk}/", data)
    assert response.status_code == 302, errors(response)
    return response


def errors(response):
    return re.findall(r'class="error-message">\s*(.*?)\s*<', response.content.decode(), re.S)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag in ("a", "link") and href and href.startswith("/"):
            self.hrefs.append(href)


def public_links(html):
    """The site's own links on a page, without the accounts, admin and static files."""
    parser = Links()
    parser.feed(html)
    skip = ("/konto/", "/admin/", "/static/", "/captcha/", "/kommentarer/", "/prenumeration/")
    return {href for href in parser.hrefs if not href.startswith(skip)}


def assert_every_public_route_answers(client, index, pages):
    """Each page, the index's routes for its tags, bloggers and month, the feeds, the sitemap,
    the search, and every link those pages carry: 200, never a 500 or a 404."""
    routes = {"/", "/rss/", "/atom/", "/sitemap.xml", "/sok/?q=r%C3%A4ttigheter", "/sok/?q=人权"}
    for page in pages:
        routes.add(page.url)
        month = [page.date.year, page.date.month]
        routes.add(index.url + index.reverse_subpage("by_month", args=month))
        for tag in page.tags.exclude(slug=""):
            for name in ("by_tag", "tag_rss", "tag_atom"):
                routes.add(index.url + index.reverse_subpage(name, args=[tag.slug]))
        for blogger in page.bloggers.all():
            routes.add(index.url + index.reverse_subpage("by_blogger", args=[blogger.slug]))
        if isinstance(page, EventPost):
            routes.add(reverse("events:event_ics", args=[page.slug]))
    seen = set()
    while routes - seen:
        route = sorted(routes - seen)[0]
        seen.add(route)
        response = client.get(route)
        assert response.status_code == 200, route
        if response["Content-Type"].startswith("text/html") and not route.startswith("/sok/"):
            routes |= public_links(response.content.decode())
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("title", [SWEDISH, ARABIC, CHINESE, "😀 Fest", "###"])
@pytest.mark.parametrize("given_slug", ["", "unicode"])
def test_posts_and_events_published_in_the_admin_answer_on_every_route(
    editor_client, client, blog_index, title, given_slug, mailoutbox,
    django_capture_on_commit_callbacks,
):
    """As the admin's script sends it (the title slugified in Unicode, as it was before) or
    with no slug at all (no script): either way the page gets an ASCII slug."""
    make_subscriber(email="lasare@example.org")
    anna = make_blogger(name="Anna Åström", slug="anna-astrom")
    slugs = [slugify(t, allow_unicode=True) if given_slug else "" for t in (title, "Dag " + title)]
    with django_capture_on_commit_callbacks(execute=True):
        publish(editor_client, blog_index, admin_post_data(title, anna, slug=slugs[0]))
        publish(editor_client, blog_index, admin_post_data(title, anna, slug=slugs[1], event=True),
                model="events/eventpost")

    post = BlogPost.objects.get(title=title, eventpost__isnull=True)
    event = EventPost.objects.get(title=title)
    for page in (post, event):
        assert page.slug and page.slug.isascii() and re.fullmatch(r"[-a-z0-9]+", page.slug)
        assert sorted(t.name for t in page.tags.all()) == sorted(HARD_TAGS)
    if not given_slug:
        assert event.slug == post.slug + "-2"  # siblings: the second is numbered
    assert {t.slug for t in BlogTag.objects.all()} == {
        "hqwq-lnsn", "renquan", "grinning", "manskliga-rattigheter"
    }
    if title == SWEDISH:
        assert post.slug == "natverkstraff-for-rattigheter"

    # The subscribers were mailed the addresses checked below.
    assert sorted(m.subject for m in mailoutbox) == [f"Nytt på MR-bloggen: {title}"] * 2
    assert post.full_url in mailoutbox[0].body and event.full_url in mailoutbox[1].body

    editor_client.logout()
    assert_every_public_route_answers(client, blog_index, [post, event])


@pytest.mark.django_db
def test_the_sitemap_and_feeds_carry_the_addresses_of_such_posts(client, blog_index):
    post = make_post(title=CHINESE, tags=[CHINESE, "#"])
    sitemap = client.get("/sitemap.xml").content.decode()
    assert post.full_url in sitemap
    rss = client.get("/taggar/renquan/rss/").content.decode()
    assert post.full_url in rss and f"<category>{CHINESE}</category>" in rss


# --- Tags the admin refuses --------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("bad_tag", ["#", "!!!", "•", "。"])
def test_the_admin_refuses_a_tag_that_cannot_be_linked_in_swedish(
    editor_client, blog_index, bad_tag
):
    data = admin_post_data(SWEDISH, make_blogger(), tags=f'rättigheter, "{bad_tag}"')
    response = editor_client.post(f"/admin/pages/add/blog/blogpost/{blog_index.pk}/", data)
    assert response.status_code == 200
    assert (
        f"Taggen ”{bad_tag}” har inga bokstäver eller siffror att göra en adress av. "
        "Skriv den med ord." in errors(response)
    )
    assert not BlogPost.objects.exists() and not Tag.objects.exists()


@pytest.mark.django_db
def test_a_tag_too_long_for_the_tag_table_is_refused_not_a_server_error(editor_client, blog_index):
    huge = "rättighet" * 40_000
    data = admin_post_data(SWEDISH, make_blogger(), tags=f"nätverk, {huge}", event=True)
    response = editor_client.post(f"/admin/pages/add/events/eventpost/{blog_index.pk}/", data)
    assert response.status_code == 200
    assert "har fler än 100 tecken" in response.content.decode()
    assert not EventPost.objects.exists() and not Tag.objects.exists()


@pytest.mark.django_db
def test_a_tag_made_outside_the_admin_never_gets_an_empty_slug(blog_index):
    post = make_post(tags=["#", "Rättighet", "rättighet", CHINESE])
    slugs = {t.name: t.slug for t in post.tags.all()}
    assert slugs["#"] == "tagg-23"
    assert slugs[CHINESE] == "renquan"
    assert {slugs["Rättighet"], slugs["rättighet"]} == {"rattighet", "rattighet_1"}


