"""The main menu marks the one item of the section the reader is in (aria-current)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.test import override_settings

from blog.models import BlogSettings
from tests.caches import FRAGMENT_CACHE
from tests.factories import make_post, make_standard_page


def marked(html):
    """(aria-current value, link text) of every marked item in the header."""
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    return re.findall(r'<a href="[^"]*" aria-current="([^"]+)">([^<]+)</a>', header)


@pytest.fixture
def pages(blog_index):
    about = make_standard_page(title="Om bloggen", slug="om-bloggen")
    rules = make_standard_page(title="Regler", slug="regler")
    other = make_standard_page(title="Tillgänglighet", slug="tillganglighet")
    blog_settings = BlogSettings.load()
    blog_settings.about_page, blog_settings.rules_page = about, rules
    blog_settings.save()
    return {"about": about, "rules": rules, "other": other, "post": make_post(tags=["barn"])}


def assert_menu_marks(client, pages):
    client.logout()
    assert marked(client.get("/").content.decode()) == [("page", "Inlägg")]
    assert marked(client.get("/?page=1").content.decode()) == [("page", "Inlägg")]
    assert marked(client.get("/sok/?q=barn").content.decode()) == [("page", "Sök")]
    for url in [pages["post"].url, "/taggar/barn/", "/arkiv/2024/1/"]:
        assert marked(client.get(url).content.decode()) == [("true", "Inlägg")], url
    assert marked(client.get(pages["about"].url).content.decode()) == [("page", "Om bloggen")]
    assert marked(client.get(pages["rules"].url).content.decode()) == [
        ("page", "Regler för kommentarer")
    ]
    assert marked(client.get(pages["other"].url).content.decode()) == []
    assert marked(client.get("/konto/login/").content.decode()) == [("page", "Logga in")]
    assert marked(client.get("/konto/signup/").content.decode()) == []
    assert marked(client.get("/prenumeration/").content.decode()) == []
    user, _ = get_user_model().objects.get_or_create(username="karin", email="karin@example.org")
    client.force_login(user)
    assert marked(client.get("/kommentarer/mina/").content.decode()) == [
        ("page", "Mina kommentarer")
    ]
    assert marked(client.get("/kommentarer/mina/radera-konto/").content.decode()) == [
        ("true", "Mina kommentarer")
    ]
    assert marked(client.get(pages["about"].url).content.decode()) == [("page", "Om bloggen")]


@pytest.mark.django_db
def test_only_the_current_section_is_marked(client, pages):
    assert_menu_marks(client, pages)


@pytest.mark.django_db
def test_the_cached_menu_marks_each_page_afresh(client, pages):
    # The menu's links are kept in the fragment cache: the mark must not travel with them.
    with override_settings(CACHES=FRAGMENT_CACHE):
        caches["template_fragments"].clear()
        assert_menu_marks(client, pages)
        assert_menu_marks(client, pages)
        caches["template_fragments"].clear()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/konto/login/", "/prenumeration/", "/finns-inte/"])
def test_the_header_links_the_search_on_every_page(client, blog_index, url):
    html = client.get(url).content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert '<li class="nav-search"><a href="/sok/"' in header
    # Shown on one-column screens only (the side column has the field on wider ones).
    css = open("static/css/site.css").read()
    assert "@media (min-width: 60rem) { .site-nav .nav-search { display: none; } }" in css
