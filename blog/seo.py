"""What search engines and link previews read from a page: canonical address, description,
Open Graph.

Absolute addresses come from Wagtail's Site (the root URL an editor sets under Settings →
Sites, or `manage.py set_site_address`), never from the request's Host header: a page reached
through another host name, an IP address or a proxy still names its one public address.
"""

import html
import re

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.fields import RichTextField
from wagtail.models import Page

from mrblogg.addresses import site_root

# Search engines show about 155–160 characters; a little more is cut by them, not by us.
DESCRIPTION_LENGTH = 200


def canonical_url(request, page=None, page_number=None):
    """The absolute address of what `request` shows: the page's own (plus a route of a
    routable page, as /taggar/barn/), or for a view outside the page tree the site root plus
    the path. Query strings are dropped but for the listing page number beyond the first."""
    url = None
    if isinstance(page, Page) and page.pk:
        parts = page.get_url_parts(request)
        if parts is not None:
            _site_id, root_url, page_path = parts
            url = root_url + page_path
            # A routable page's sub-route (/arkiv/2022/9/); a preview's admin path is not it.
            if request.path.startswith(page_path):
                url = root_url + request.path
    elif request is not None:
        url = site_root() + request.path
    if url and page_number and page_number > 1:
        url += f"?page={page_number}"
    return url


def plain_text(value):
    """Text for a meta tag, white space collapsed (the template escapes it)."""
    return re.sub(r"\s+", " ", str(value or "")).strip()


def text_of_rich_text(value):
    """A rich text field's words: no tags, entities decoded (the template escapes once)."""
    return plain_text(html.unescape(strip_tags(str(value or "")).replace("\xa0", " ")))


def description_of(page):
    """The editor's search description, else the page's intro (plain or rich text)."""
    if not isinstance(page, Page):
        return ""
    text = plain_text(page.search_description)
    if not text:
        intro = getattr(page, "intro", "")
        try:
            is_rich = isinstance(page._meta.get_field("intro"), RichTextField)
        except FieldDoesNotExist:
            is_rich = False
        text = text_of_rich_text(intro) if is_rich else plain_text(intro)
    return Truncator(text).chars(DESCRIPTION_LENGTH)


def title_of(page):
    if not isinstance(page, Page):
        return ""
    return page.seo_title or page.title
