"""RSS 2.0 and Atom feeds, of the blog and of each tag; sitemap and robots.txt."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Site

from tests.factories import make_blogger, make_post

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def posts(blog_index):
    anna = make_blogger(name="Anna Andersson")
    return [
        make_post(title="Om konferensen", intro="Konferensingress.", tags=["konferens"], bloggers=[anna]),
        make_post(title="Om nätverket", tags=["nätverk"]),
        make_post(title="Utkast", live=False),
    ]


@pytest.mark.django_db
def test_rss_feed_of_the_blog(client, posts):
    response = client.get("/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    titles = {item.findtext("title") for item in channel.findall("item")}
    assert titles == {"Om konferensen", "Om nätverket"}
    item = next(i for i in channel.findall("item") if i.findtext("title") == "Om konferensen")
    assert item.findtext("description") == "Konferensingress."
    assert item.findtext("link") == posts[0].full_url
    assert item.findtext("category") == "konferens"


@pytest.mark.django_db
def test_atom_feed_of_the_blog(client, posts):
    response = client.get("/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert {e.findtext(f"{ATOM}title") for e in entries} == {"Om konferensen", "Om nätverket"}
    entry = next(e for e in entries if e.findtext(f"{ATOM}title") == "Om konferensen")
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Anna Andersson"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_feed_of_one_tag(client, posts, kind):
    response = client.get(f"/taggar/konferens/{kind}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Om konferensen" in body
    assert "Om nätverket" not in body
    assert client.get(f"/taggar/saknas/{kind}/").status_code == 404


@pytest.mark.django_db
def test_sitemap_lists_live_pages(client, posts):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert posts[0].full_url in body
    assert posts[2].url_path.rstrip("/").split("/")[-1] not in body


@pytest.mark.django_db
def test_robots_txt_points_to_sitemap_at_the_site_root(client, blog_index):
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "mrbloggen.example.se", 443
    site.save()
    # Whatever host the client names, the sitemap is at the address of Wagtail's Site.
    response = client.get("/robots.txt", HTTP_HOST="annan-vard.example")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: https://mrbloggen.example.se/sitemap.xml" in body
    assert "annan-vard" not in body
