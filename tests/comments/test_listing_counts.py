"""Each post's comment count in the blog's listings, given through blog's
"annotate_post_listing" hook (comments/wagtail_hooks.py, comments/listing.py)."""

import re

import pytest
from django.core.cache import caches
from django.test import override_settings

from comments.models import Comment
from tests.caches import FRAGMENT_CACHE
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post


def counts(html):
    pattern = r'<h2><a href="[^"]+">([^<]+)</a></h2>.*?<a href="[^"]+#kommentarer">([^<]+)</a>'
    return dict(re.findall(pattern, html, re.S))


@pytest.mark.django_db
def test_the_index_shows_how_many_published_comments_each_post_has(client, blog_index):
    three = make_post(title="Tre")
    one = make_post(title="En")
    make_post(title="Ingen")
    reader = make_reader()
    for text in ["Bra!", "Håller med.", "حقوق الإنسان"]:
        make_comment(three, reader, text)
    make_comment(three, reader, "Väntar", status=Comment.Status.PENDING)
    make_comment(one, reader, "Ett svar")
    make_comment(one, reader, "Skräp", status=Comment.Status.SPAM)
    html = client.get("/").content.decode()
    assert counts(html) == {"Tre": "3 kommentarer", "En": "1 kommentar", "Ingen": "0 kommentarer"}
    assert f'<a href="{three.url}#kommentarer">3 kommentarer</a>' in html


@pytest.mark.django_db
def test_listings_by_tag_and_month_show_counts_too(client, blog_index):
    post = make_post(title="Taggad", tags=["barn"])
    make_comment(post)
    assert counts(client.get("/taggar/barn/").content.decode()) == {"Taggad": "1 kommentar"}
    assert counts(client.get("/arkiv/2024/1/").content.decode()) == {"Taggad": "1 kommentar"}


@pytest.fixture
def fragment_cache():
    with override_settings(CACHES=FRAGMENT_CACHE):
        caches["template_fragments"].clear()
        yield
        caches["template_fragments"].clear()


@pytest.mark.django_db
@pytest.mark.parametrize("n_posts", [1, 10])
def test_counts_cost_one_query_cold_and_none_warm(
    client, blog_index, fragment_cache, django_assert_num_queries, n_posts
):
    posts = [make_post() for _ in range(n_posts)]
    for post in posts:
        make_comment(post)
    client.get("/")
    client.get("/")  # settings rows and the side column: built once on a running site
    caches["template_fragments"].clear()
    client.get("/")  # the side column and the menu again, the counts cold
    with django_assert_num_queries(WARM_INDEX_QUERIES):
        html = client.get("/").content.decode()
    assert list(counts(html).values()) == ["1 kommentar"] * n_posts
    # A new published comment renews that post's count, and only its.
    make_comment(posts[0], text="Ännu en")
    with django_assert_num_queries(WARM_INDEX_QUERIES + 1):
        html = client.get("/").content.decode()
    assert sorted(counts(html).values()) == ["1 kommentar"] * (n_posts - 1) + ["2 kommentarer"]


# Routing (site, the index, its specific row), the two view restrictions, the number of
# posts, the page of posts, their tags, their bloggers; the counts come from the fragment
# cache (one more query after a comment changes), the side column and the menu too.
WARM_INDEX_QUERIES = 9
