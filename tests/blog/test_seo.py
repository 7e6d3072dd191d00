"""What search engines and link previews read (blog/seo.py, blog/includes/page_meta.html),
the archive's one address per month, robots.txt and the favicon."""

import datetime
import html as html_module
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from wagtail.models import Site

from tests.factories import make_blogger, make_event, make_post, make_standard_page


def meta(html, attr, name):
    found = re.findall(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)">', html)
    assert len(found) <= 1, (name, found)
    return found[0] if found else None


def canonical(html):
    found = re.findall(r'<link rel="canonical" href="([^"]*)">', html)
    assert len(found) <= 1, found
    return found[0] if found else None


@pytest.fixture
def public_site(blog_index):
    """The Site as an editor sets it up: its public host, not the one a request names."""
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "mrbloggen.example.se", 443
    site.save()
    return site


@pytest.mark.django_db
def test_a_post_names_its_address_from_the_site_root_not_the_host_header(client, public_site):
    post = make_post(title="Barnets rättigheter", intro="Barnkonventionen är lag sedan 2020.")
    html = client.get(post.url, HTTP_HOST="10.0.0.7").content.decode()
    assert canonical(html) == f"https://mrbloggen.example.se{post.url}" == post.get_full_url()
    assert meta(html, "property", "og:url") == canonical(html)
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == "Barnets rättigheter"
    assert meta(html, "name", "description") == "Barnkonventionen är lag sedan 2020."
    assert meta(html, "property", "og:description") == "Barnkonventionen är lag sedan 2020."
    assert meta(html, "property", "og:locale") == "sv_SE"
    assert meta(html, "property", "article:published_time").startswith(
        post.first_published_at.date().isoformat()
    )
    assert "10.0.0.7" not in html


@pytest.mark.django_db
def test_the_search_fields_win_over_title_and_intro(client, blog_index):
    post = make_post(title="Rubrik", intro="Ingressen.")
    post.seo_title, post.search_description = "Sökrubrik – MR", "Beskrivning för sökmotorer."
    post.save_revision().publish()
    html = client.get(post.url).content.decode()
    assert meta(html, "property", "og:title") == "Sökrubrik – MR"
    assert meta(html, "name", "description") == "Beskrivning för sökmotorer."
    assert "<title>Sökrubrik – MR – MR-bloggen</title>" in html


@pytest.mark.django_db
def test_descriptions_are_plain_escaped_and_short(client, blog_index):
    intro = 'Om "likabehandling" & <b>rätt</b>: حقوق الإنسان 人权 ' + "ord " * 200
    post = make_post(intro=intro[:600])
    html = client.get(post.url).content.decode()
    description = meta(html, "name", "description")
    # The intro is plain text: its "<b>" is shown as typed, so it is escaped, not removed.
    assert description.startswith(
        "Om &quot;likabehandling&quot; &amp; &lt;b&gt;rätt&lt;/b&gt;: حقوق الإنسان 人权"
    )
    assert len(html_module.unescape(description)) <= 200
    assert description.endswith("…")


@pytest.mark.django_db
def test_the_front_page_describes_itself_from_its_rich_intro(client, blog_index):
    blog_index.intro = "<p>Om <b>mänskliga</b> rättigheter &amp; kommuner.</p>"
    blog_index.save_revision().publish()
    html = client.get("/").content.decode()
    assert canonical(html) == "http://localhost/"
    assert meta(html, "name", "description") == "Om mänskliga rättigheter &amp; kommuner."
    assert meta(html, "property", "og:type") == "website"


@pytest.mark.django_db
def test_listings_name_their_own_route_and_page(client, public_site):
    make_post(tags=["barn"], bloggers=[make_blogger(slug="anna", name="Anna", bio="Jurist.")],
              date=datetime.date(2022, 9, 1))
    html = client.get("/taggar/barn/?utm_source=x").content.decode()
    assert canonical(html) == "https://mrbloggen.example.se/taggar/barn/"
    assert meta(html, "property", "og:title") == "Inlägg med taggen ”barn”"
    html = client.get("/bloggare/anna/").content.decode()
    assert canonical(html) == "https://mrbloggen.example.se/bloggare/anna/"
    assert meta(html, "name", "description") == "Jurist."
    html = client.get("/arkiv/2022/9/").content.decode()
    assert canonical(html) == "https://mrbloggen.example.se/arkiv/2022/9/"


@pytest.mark.django_db
def test_a_later_page_of_a_listing_keeps_its_number(client, blog_index, settings):
    settings.BLOG_POSTS_PER_PAGE = 1
    make_post(), make_post()
    assert canonical(client.get("/?page=2").content.decode()) == "http://localhost/?page=2"
    # A page number out of range shows the last page: that is its address.
    assert canonical(client.get("/?page=99").content.decode()) == "http://localhost/?page=2"
    assert canonical(client.get("/?page=1").content.decode()) == "http://localhost/"


@pytest.mark.django_db
def test_pages_outside_the_tree_have_tags_too(client, public_site):
    html = client.get("/prenumeration/").content.decode()
    assert canonical(html) == "https://mrbloggen.example.se/prenumeration/"
    assert meta(html, "name", "description")
    assert meta(html, "property", "og:title")


@pytest.mark.django_db
def test_search_results_and_missing_pages_are_not_indexed(client, blog_index):
    for url in ["/sok/?q=rättigheter", "/sok/", "/finns-inte/"]:
        html = client.get(url).content.decode()
        assert meta(html, "name", "robots") == "noindex", url
        assert canonical(html) is None, url
    assert meta(client.get("/").content.decode(), "name", "robots") is None


@pytest.mark.django_db
def test_a_standard_page_and_an_event(client, blog_index):
    page = make_standard_page(intro="Vi skriver om MR.")
    html = client.get(page.url).content.decode()
    assert meta(html, "name", "description") == "Vi skriver om MR."
    event = make_event()
    assert meta(client.get(event.url).content.decode(), "property", "og:type") == "article"


# --- one address per archive month ---------------------------------------------


@pytest.mark.django_db
def test_a_zero_padded_month_redirects_for_good_to_the_address_the_site_writes(client, blog_index):
    make_post(title="September", date=datetime.date(2022, 9, 3))
    response = client.get("/arkiv/2022/09/")
    assert response.status_code == 301
    assert response["Location"] == "/arkiv/2022/9/"
    assert client.get("/arkiv/2022/009/?page=2")["Location"] == "/arkiv/2022/9/?page=2"
    page = client.get("/arkiv/2022/9/")
    assert page.status_code == 200
    assert "September" in page.content.decode()
    # The side column links the same address.
    assert 'href="/arkiv/2022/9/"' in page.content.decode()
    assert client.get("/arkiv/2022/10/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/arkiv/2022/00/", "/arkiv/2022/13/", "/arkiv/2022/0013/",
                                 "/arkiv/22/9/", "/arkiv/2022/sept/", "/arkiv/2022/٩/"])
def test_no_month_no_page(client, blog_index, url):
    assert client.get(url).status_code == 404


# --- robots.txt and the favicon --------------------------------------------------


@pytest.mark.django_db
def test_robots_txt_keeps_the_search_out_wherever_the_blog_lives(client, blog_index):
    body = client.get("/robots.txt").content.decode()
    rules = [line.split(":", 1)[1].strip() for line in body.splitlines()
             if line.startswith("Disallow:")]
    search = blog_index.reverse_subpage("search")
    assert "/" + search in rules  # the blog at the site root: /sok/
    assert "/*/" + search in rules  # a blog under another page


@pytest.mark.django_db
def test_the_favicon_is_linked_and_answers_at_favicon_ico(client, blog_index):
    html = client.get("/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.svg"
    svg = Path(finders.find("favicon.svg")).read_text()
    assert svg.startswith("<svg") and "<title>MR-bloggen</title>" in svg
