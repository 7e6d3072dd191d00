"""The Wagtail admin in Swedish where bloggers and information officers work: the editor of
every page type, the snippet listings and the moderation queue show none of the English
strings Wagtail's and taggit's own Swedish lack (our catalogues fill them)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page

from blog.contact.models import ContactPage
from blog.events.models import EventPost
from blog.models import BlogIndexPage, BlogPost, StandardPage
from moderation.models import Organisation
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# What a person met in English (issue 13), as it stands in the page's HTML: text, help
# texts, labels and the admin's <template> elements alike.
ENGLISH = {
    "tags help": re.compile(r"A comma-separated list of tags"),
    "table headers": re.compile(r"Table headers"),
    "header option": re.compile(r"Select a header option"),
    "header cells": re.compile(r"Which cells should be displayed as headers"),
    "autosave saved": re.compile(r">\s*Saved\s*<"),
    "autosave paused": re.compile(r"Autosave is (<span>)?paused"),
    "side panel width": re.compile(r"Side panel width"),
    "nothing to display": re.compile(r"There are no [^<]* to display"),
}
# Strings of the admin's scripts (djangojs), asked of the page's own catalogue.
SCRIPT_STRINGS = {
    "Search options…": "Sök bland alternativen …",
    "Changes have been autosaved.": "Ändringarna har sparats automatiskt.",
    "Autosave in progress…": "Sparar automatiskt …",
}
PAGE_TYPES = [BlogIndexPage, BlogPost, EventPost, StandardPage, ContactPage]


def staff_member(email):
    """A demo member of staff with the authenticator app staff must have (the demo gives
    them one; see mrblogg/security.py); logging in is not what this test is about."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    user = get_user_model().objects.get(email=email)
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    return user


def editors():
    """One edit view per page type, and the post with a table (the table block's form)."""
    urls = {}
    for model in PAGE_TYPES:
        page = Page.objects.filter(content_type=ContentType.objects.get_for_model(model)).first()
        assert page is not None, f"the demo has no {model.__name__}"
        urls[model.__name__] = f"/admin/pages/{page.pk}/edit/"
    with_table = next(p for p in BlogPost.objects.all()
                      if any(block.block_type == "table" for block in p.body))
    urls["post with a table"] = f"/admin/pages/{with_table.pk}/edit/"
    return urls


def english_in(html):
    return [name for name, pattern in ENGLISH.items() if pattern.search(html)]


def menu_urls(page, live_server):
    """Every place the admin menu offers this person (snippets, the queue, settings, …)."""
    page.goto(f"{live_server.url}/admin/")
    props = page.locator("#wagtail-sidebar-props").text_content()
    return sorted({url for url in re.findall(r'"url": "(/admin/[^"]+)"', props)
                   if url != "/admin/account/"})


@pytest.mark.parametrize("email", ["bloggare@example.org", "informationsansvarig@example.org"])
def test_blogger_and_officer_meet_no_english(demo, live_server, context, page, email):
    log_in(context, live_server, staff_member(email).email)
    found, swedish = {}, set()

    def visit(label, path):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, f"{label}: {path} answered {response.status}"
        page.wait_for_load_state("networkidle")
        html = page.content()
        if english_in(html):
            found[f"{label} ({path})"] = english_in(html)
        swedish.update(s for s in ("En kommaseparerad lista med taggar.", "Tabellrubriker",
                                   "Vilka celler ska visas som rubriker?", "Sidopanelens bredd",
                                   "Välj hur rubrikerna ska visas", "Sparat",
                                   "Det finns inga") if s in html)

    for label, path in editors().items():
        visit(label, path)
    # The editor's scripts read our djangojs catalogue.
    said = page.evaluate("strings => strings.map(s => window.django.gettext(s))",
                         list(SCRIPT_STRINGS))
    assert said == list(SCRIPT_STRINGS.values())
    # The block picker's search field, as the blogger sees it.
    page.locator("[data-contentpath='body'] button.c-sf-add-button").first.click()
    search = page.locator(".w-combobox input").first
    search.wait_for(state="visible")
    assert search.get_attribute("placeholder") == "Sök bland alternativen …"
    page.keyboard.press("Escape")

    places = menu_urls(page, live_server)
    assert any(url.startswith("/admin/snippets/") for url in places), places
    if "informationsansvarig" in email:
        # One listing with nothing in it: "There are no … to display."
        Organisation.objects.all().delete()
    for path in places:
        visit("menu", path)
    if "informationsansvarig" in email:
        visit("queue, nothing rejected", "/admin/snippets/comments/comment/?status=rejected")
        assert "Det finns inga" in swedish

    assert found == {}, f"English strings as {email}: {found}"
    # The checks above looked where the strings are: they were there, in Swedish.
    assert {"En kommaseparerad lista med taggar.", "Tabellrubriker", "Sidopanelens bredd",
            "Vilka celler ska visas som rubriker?", "Välj hur rubrikerna ska visas"} <= swedish
