"""The blog index and its listings: newest first, paginated, by tag, blogger and month."""

import datetime
import re

import pytest
from django.test import override_settings

from tests.factories import make_blogger, make_event, make_post


def titles(response):
    return [p.title for p in response.context["posts"]]


@pytest.mark.django_db
def test_index_lists_live_posts_newest_first(client, blog_index):
    make_post(title="Äldst", date=datetime.date(2020, 1, 1))
    make_post(title="Nyast", date=datetime.date(2024, 1, 1))
    make_event(title="Mitten", date=datetime.date(2022, 1, 1))
    make_post(title="Utkast", date=datetime.date(2025, 1, 1), live=False)
    response = client.get("/")
    assert titles(response) == ["Nyast", "Mitten", "Äldst"]


@pytest.mark.django_db
def test_listing_shows_title_date_bloggers_intro_and_tags(client, blog_index):
    anna = make_blogger(name="Anna Andersson", slug="anna")
    make_post(title="Om rättigheter", intro="Kort ingress.", bloggers=[anna],
              tags=["demokrati"], date=datetime.date(2024, 3, 5))
    html = client.get("/").content.decode()
    assert "Om rättigheter" in html
    assert '<time datetime="2024-03-05">5 mars 2024</time>' in html
    assert 'href="/bloggare/anna/">Anna Andersson</a>' in html
    assert "Kort ingress." in html
    assert 'href="/taggar/demokrati/">demokrati</a>' in html


@pytest.mark.django_db
@override_settings(BLOG_POSTS_PER_PAGE=2)
def test_index_is_paginated(client, blog_index):
    for day in range(1, 6):
        make_post(title=f"Post {day}", date=datetime.date(2024, 1, day))
    assert titles(client.get("/")) == ["Post 5", "Post 4"]
    page3 = client.get("/?page=3")
    assert titles(page3) == ["Post 1"]
    assert "Sida 3 av 3" in page3.content.decode()
    # Out-of-range or junk page numbers fall back instead of failing.
    assert titles(client.get("/?page=99")) == ["Post 1"]
    assert titles(client.get("/?page=abc")) == ["Post 5", "Post 4"]


@pytest.mark.django_db
def test_by_tag(client, blog_index):
    make_post(title="Med tagg", tags=["nätverk"])
    make_post(title="Utan tagg", tags=["annat"])
    response = client.get("/taggar/natverk/")
    assert titles(response) == ["Med tagg"]
    assert "Inlägg med taggen ”nätverk”" in response.content.decode()
    assert client.get("/taggar/finns-inte/").status_code == 404


@pytest.mark.django_db
def test_by_blogger(client, blog_index):
    anna = make_blogger(name="Anna", slug="anna", bio="Skriver om demokrati.")
    bo = make_blogger(name="Bo", slug="bo")
    make_post(title="Annas", bloggers=[anna])
    make_post(title="Bos", bloggers=[bo])
    make_post(title="Båda", bloggers=[anna, bo], date=datetime.date(2024, 2, 1))
    response = client.get("/bloggare/anna/")
    assert titles(response) == ["Båda", "Annas"]
    assert "Skriver om demokrati." in response.content.decode()
    assert client.get("/bloggare/ingen/").status_code == 404


@pytest.mark.django_db
def test_by_month(client, blog_index):
    make_post(title="November", date=datetime.date(2022, 11, 3))
    make_post(title="December", date=datetime.date(2022, 12, 3))
    response = client.get("/arkiv/2022/11/")
    assert titles(response) == ["November"]
    assert "Inlägg från november 2022" in response.content.decode()
    assert client.get("/arkiv/2022/13/").status_code == 404


@pytest.mark.django_db
def test_side_column_archive_counts_months(client, blog_index):
    make_post(date=datetime.date(2022, 11, 3))
    make_post(date=datetime.date(2022, 11, 9))
    make_post(date=datetime.date(2023, 1, 9))
    html = client.get("/").content.decode()
    assert 'href="/arkiv/2022/11/">November 2022</a> (2)' in html
    assert 'href="/arkiv/2023/1/">Januari 2023</a> (1)' in html


def _populate(n_posts, n_bloggers, n_tags):
    bloggers = [make_blogger() for _ in range(n_bloggers)]
    tags = [f"tagg-{i}" for i in range(n_tags)]
    for i in range(n_posts):
        make_post(bloggers=bloggers[: 1 + i % n_bloggers], tags=tags[: 1 + i % n_tags],
                  date=datetime.date(2020, 1, 1) + datetime.timedelta(days=i))


# 13 for the blog, +1 for the comment counts of all posts on the page (one grouped query,
# from the fragment cache on a running site: test_listing.py).
INDEX_QUERIES = 14


@pytest.mark.django_db
@pytest.mark.parametrize("n", [1, 12])
def test_index_renders_in_constant_queries(client, blog_index, django_assert_num_queries, n):
    _populate(n_posts=n, n_bloggers=1 + n // 3, n_tags=1 + n // 2)
    client.get("/")  # warm the site-root-paths cache, as on a running site
    with django_assert_num_queries(INDEX_QUERIES):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.django_db
def test_the_index_shows_an_events_date_and_place(client, blog_index):
    make_event(title="Konferens i Umeå", start_date=datetime.date(2022, 11, 30),
               end_date=datetime.date(2022, 12, 1), venue_name="Scandic Plaza Umeå",
               street_address="Storgatan 46", locality="Umeå")
    make_event(title="Endagsträff", start_date=datetime.date(2023, 2, 7), end_date=None,
               venue_name="", street_address="", locality="")
    make_post(title="Vanligt inlägg")
    html = client.get("/").content.decode()
    summaries = dict(re.findall(r'<h2><a href="[^"]+">([^<]+)</a></h2>(.*?)</article>', html, re.S))
    assert ('<time datetime="2022-11-30">30 november 2022</time>–'
            '<time datetime="2022-12-01">1 december 2022</time>') in summaries["Konferens i Umeå"]
    assert "Scandic Plaza Umeå, Storgatan 46, Umeå" in summaries["Konferens i Umeå"]
    one_day = '<time datetime="2023-02-07">7 februari 2023</time></span>\n'
    assert one_day in summaries["Endagsträff"]
    assert "event-where" not in summaries["Endagsträff"]
    assert "event-summary" not in summaries["Vanligt inlägg"]
