"""Safe display of comment text: the reader's words, never their markup.

Django escapes everything and `urlize` links http(s) addresses; nh3 then keeps only
<p>, <br> and <a href="http(s)://..."> and sets rel="nofollow ugc noopener". bleach is not
used: it is unmaintained (no releases, not even security ones, since 2026-06).
"""

import re

import nh3
from django.utils.html import urlize
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

# Bidirectional overrides and isolates would let a comment flip the text around it.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
MAILTO_LINK = re.compile(r'<a href="mailto:[^"]*">(.*?)</a>')
LINK_REL = "nofollow ugc noopener"


def _paragraph_html(paragraph):
    linked = urlize(paragraph, nofollow=False, autoescape=True)
    linked = MAILTO_LINK.sub(r"\1", linked)  # e-mail addresses stay text
    return "<p>" + linked.replace("\n", "<br>") + "</p>"


def render_comment_text(text):
    text = BIDI_CONTROLS.sub("", normalize_newlines(text))
    paragraphs = [p.strip("\n") for p in re.split(r"\n{2,}", text) if p.strip()]
    html = "".join(_paragraph_html(p) for p in paragraphs)
    cleaned = nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 — nh3 output, built from escaped text


