"""Search in the blog, with a result count and paging."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.factories import make_post


@pytest.fixture
def indexed(blog_index):
    posts = [
        make_post(title="Mänskliga rättigheter i kommuner", intro="Om rättighetsbaserat arbete."),
        make_post(title="Konferens i Umeå", intro="En regional konferens."),
        make_post(title="Utkast om rättigheter", live=False),
    ]
    call_command("update_index", verbosity=0)
    return posts


@pytest.mark.django_db
def test_search_finds_live_posts_and_counts_them(client, indexed):
    response = client.get("/sok/", {"q": "Umeå"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Konferens i Umeå" in html
    assert "Mänskliga rättigheter i kommuner" not in html
    assert "1 inlägg matchar ”Umeå”." in html


@pytest.mark.django_db
def test_search_never_shows_drafts(client, indexed):
    html = client.get("/sok/", {"q": "Utkast"}).content.decode()
    assert "Utkast om rättigheter" not in html
    assert "0 inlägg matchar" in html


@pytest.mark.django_db
def test_empty_search_shows_the_form_only(client, indexed):
    html = client.get("/sok/").content.decode()
    assert 'id="search-q"' in html
    assert "matchar" not in html


@pytest.mark.django_db
@override_settings(BLOG_SEARCH_RESULTS_PER_PAGE=1)
def test_search_is_paginated_and_keeps_the_query(client, blog_index):
    for n in range(3):
        make_post(title=f"Konferens nummer {n}")
    call_command("update_index", verbosity=0)
    html = client.get("/sok/", {"q": "konferens", "page": 2}).content.decode()
    assert "3 inlägg matchar" in html
    assert "Sida 2 av 3" in html
    assert 'href="?q=konferens&amp;page=3"' in html


@pytest.mark.django_db
def test_swedish_inflections_match_on_postgresql(client, blog_index):
    make_post(title="Varje rättighet räknas", intro="Om en enskild rättighet.")
    call_command("update_index", verbosity=0)
    html = client.get("/sok/", {"q": "rättigheter"}).content.decode()
    if connection.vendor == "postgresql":
        # The Swedish text-search configuration stems both words to the same lexeme.
        assert "Varje rättighet räknas" in html
    else:
        # SQLite's FTS has no Swedish stemmer: the exact word is still found.
        exact = client.get("/sok/", {"q": "rättighet"}).content.decode()
        assert "Varje rättighet räknas" in exact


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"Umeå', 'Umeå"', '"Konferens i Umeå"', "Umeå\x00", "\x08Umeå"])
def test_quotes_and_control_characters_are_searched_as_words(client, indexed, query):
    # One double quote was an FTS5 syntax error on SQLite; NUL is refused by PostgreSQL.
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    assert "Konferens i Umeå" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ['"', '""', "\x08", "\x00\x01"])
def test_a_query_of_nothing_searchable_finds_nothing(client, indexed, query):
    response = client.get("/sok/", {"q": query})
    assert response.status_code == 200
    assert "0 inlägg matchar" in response.content.decode()
