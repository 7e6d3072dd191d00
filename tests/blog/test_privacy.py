"""The privacy notice (blog.models.PrivacyPage): its retention table is the registry the purge
jobs read, and every form that collects personal data links to it."""

import re

import pytest

from blog.models import BlogSettings
from mrblogg import retention
from tests.comments.factory import make_reader
from tests.factories import (
    make_contact_page,
    make_open_event,
    make_post,
    make_privacy_page,
    make_registration_form,
)

LINK = '<a href="/personuppgifter/">Så behandlar vi dina personuppgifter</a>'


def retention_row(html, label):
    """The text of the retention table's row for `label`."""
    row = r'<tr><th scope="row">' + re.escape(label) + r"</th><td>(.*?)</td></tr>"
    match = re.search(row, html)
    assert match, f"no row for {label!r}"
    return match.group(1)


@pytest.mark.django_db
def test_the_page_shows_the_editors_sections(client, blog_index):
    page = make_privacy_page(
        controller="<p>SKR, Hornsgatan 20, 118 82 Stockholm</p>",
        complaint='<p>Klaga hos <a href="https://www.imy.se/">IMY</a>.</p>',
        rights="<p>حقوقك: Rätt att få uppgifter raderade.</p>",
    )
    html = client.get(page.url).content.decode()
    assert "<h2>Personuppgiftsansvarig</h2>" in html
    assert "SKR, Hornsgatan 20, 118 82 Stockholm" in html
    assert '<a href="https://www.imy.se/">IMY</a>' in html
    assert "حقوقك: Rätt att få uppgifter raderade." in html
    assert "<h2>Rättslig grund</h2>" not in html  # an empty section has no heading


@pytest.mark.django_db
def test_every_registered_kind_of_data_is_in_the_table(client, blog_index):
    html = client.get(make_privacy_page().url).content.decode()
    for kind in retention.kinds():
        row = retention_row(html, str(kind.label))
        assert row == (
            f"{retention.describe(kind)}, sedan raderas de automatiskt" if kind.keep
            else str(kind.kept_until)
        )


@pytest.mark.django_db
def test_the_table_follows_the_settings_the_purge_jobs_read(client, blog_index):
    from moderation.models import ModerationSettings
    from mrblogg.models import MailSettings

    page = make_privacy_page()
    label = str(retention.get("contact_messages").label)
    html = client.get(page.url).content.decode()
    assert retention_row(html, label) == "90 dagar, sedan raderas de automatiskt"

    blog_settings = BlogSettings.load()
    blog_settings.contact_retention_days = 1
    blog_settings.save()
    mail = MailSettings.load()
    mail.outbox_retention_days = 3650
    mail.save()
    moderation = ModerationSettings.load()
    moderation.spam_window_hours, moderation.spam_long_window_days = 1, 2
    moderation.save()
    html = client.get(page.url).content.decode()  # the page cache is cleared by the saves
    assert retention_row(html, label) == "1 dag, sedan raderas de automatiskt"
    assert retention_row(html, str(retention.get("outbox").label)).startswith("3650 dagar,")
    assert retention_row(html, str(retention.get("spam_index").label)).startswith("2 dagar,")


# --- Links: the footer and every form that collects personal data -------------------------


@pytest.mark.django_db
def test_the_footer_links_the_privacy_notice_chosen_in_the_settings(client, blog_index):
    post = make_post()
    assert "personuppgifter" not in client.get(post.url).content.decode()
    make_privacy_page()
    html = client.get(post.url).content.decode()
    assert LINK in html[html.index('<footer class="site-footer">'):]


@pytest.mark.django_db
def test_no_link_to_a_privacy_notice_that_is_not_chosen_or_not_live(client, blog_index):
    page = make_privacy_page(choose=False)
    assert LINK not in client.get("/prenumeration/").content.decode()
    blog_settings = BlogSettings.load()
    blog_settings.privacy_page = page
    blog_settings.save()
    page.unpublish()
    for url in ("/prenumeration/", "/konto/signup/"):
        assert LINK not in client.get(url).content.decode()


def form_and_after(html):
    """From the form's submit button to the end of the main column: where the link belongs."""
    main = html[html.index("<main"):html.index("</main>")]
    return main[main.index('type="submit"'):]


@pytest.mark.django_db
def test_the_public_forms_link_the_privacy_notice(client, blog_index):
    make_privacy_page()
    contact = make_contact_page()
    event = make_open_event()
    make_registration_form(event)
    for url in ("/konto/signup/", "/prenumeration/", contact.url, event.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert LINK in form_and_after(response.content.decode()), url


@pytest.mark.django_db
def test_the_comment_form_links_the_privacy_notice(client, blog_index):
    make_privacy_page()
    post = make_post()
    client.force_login(make_reader())
    html = client.get(post.url).content.decode()
    comments = html[html.index('id="kommentarer"'):]
    assert 'type="submit"' in comments
    assert LINK in comments[comments.index('type="submit"'):]
