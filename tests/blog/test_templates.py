"""Every page has landmarks, a skip link, Swedish language and makes no external requests."""

import re

import pytest

from tests.factories import make_event, make_post, make_standard_page


@pytest.fixture
def urls(blog_index):
    post = make_post(tags=["demokrati"])
    event = make_event()
    about = make_standard_page()
    blogger_slug = post.bloggers.first().slug
    return ["/", post.url, event.url, about.url, "/taggar/demokrati/",
            f"/bloggare/{blogger_slug}/", "/arkiv/2024/1/", "/sok/?q=inl%C3%A4gg", "/finns-inte/"]


@pytest.mark.django_db
def test_pages_have_landmarks_skip_link_and_language(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        assert '<html lang="sv">' in html, url
        assert '<a class="skip-link" href="#main">Hoppa till innehållet</a>' in html, url
        for landmark in ("<header", "<nav", '<main id="main"', "<aside", "<footer"):
            assert landmark in html, (url, landmark)
        assert html.count("<h1") == 1, url


@pytest.mark.django_db
def test_pages_make_no_external_requests_and_have_no_inline_handlers(client, urls):
    for url in urls:
        html = client.get(url).content.decode()
        # The canonical link names the page's own address; nothing fetches it.
        html = re.sub(r'<link rel="canonical" href="[^"]*">', "", html)
        external = re.findall(r'(?:src|href)="(https?://[^"]+)"[^>]*rel="stylesheet"|<script[^>]+src="https?://', html)
        assert external == [], url
        assert not re.search(r'<(?:link|script|img)[^>]+(?:src|href)="(?:https?:)?//', html), url
        assert not re.search(r"\son[a-z]+=", html), url


@pytest.mark.django_db
def test_not_found_page_is_swedish_and_404(client, blog_index):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


@pytest.mark.django_db
def test_the_footer_links_the_accessibility_statement_chosen_in_the_settings(client, blog_index):
    from blog.models import BlogSettings

    post = make_post()
    assert "Tillgänglighetsredogörelse" not in client.get(post.url).content.decode()
    statement = make_standard_page(title="Tillgänglighet", slug="tillganglighet")
    blog_settings = BlogSettings.load()
    blog_settings.accessibility_page = statement
    blog_settings.save()
    html = client.get(post.url).content.decode()
    footer = html[html.index('<footer class="site-footer">'):]
    assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in footer
