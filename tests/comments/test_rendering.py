"""Comment text is never trusted HTML."""

import re

import pytest

from comments.rendering import render_comment_text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hej!", "<p>Hej!</p>"),
        ("Rad ett\nrad två", "<p>Rad ett<br>rad två</p>"),
        ("Stycke ett\n\nStycke två", "<p>Stycke ett</p><p>Stycke två</p>"),
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        ('<b onmouseover="x()">fet</b>', "<p>&lt;b onmouseover=\"x()\"&gt;fet&lt;/b&gt;</p>"),
        ("Läs https://example.org/a?b=1&c=2 nu",
         '<p>Läs <a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc noopener">'
         "https://example.org/a?b=1&amp;c=2</a> nu</p>"),
        ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
        ("Skriv till a@example.org", "<p>Skriv till a@example.org</p>"),
        ('"><img src=x onerror=alert(1)>', "<p>\"&gt;&lt;img src=x onerror=alert(1)&gt;</p>"),
    ],
)
def test_rendering(text, expected):
    assert str(render_comment_text(text)) == expected


def test_attribute_injection_through_a_link_stays_inside_the_href():
    html = str(render_comment_text('https://example.org/"onmouseover="alert(1)'))
    tags = re.findall(r"<a ([^>]*)>", html)
    assert tags == ['href="https://example.org/" rel="nofollow ugc noopener"']
    # What follows the link is text: its quotes cannot open an attribute.
    assert html.endswith('</a>"onmouseover="alert(1)</p>')


def test_only_http_links_become_markup():
    html = str(render_comment_text("ftp://example.org data:text/html,<b>x</b> www.example.org"))
    assert "ftp://example.org" in html and 'href="ftp' not in html
    assert "<b>" not in html
    # Bare domains may be linked by urlize, but only ever with http(s).
    for href in html.split('href="')[1:]:
        assert href.startswith(("http://", "https://"))


def test_bidi_controls_cannot_flip_the_page_and_zero_width_is_harmless():
    html = str(render_comment_text("abc\u202edef\u2066ghi\u200bjkl"))
    assert "\u202e" not in html and "\u2066" not in html
    assert "ghi\u200bjkl" in html


def test_over_long_words_are_kept_whole_for_css_to_wrap():
    word = "a" * 900
    assert str(render_comment_text(word)) == f"<p>{word}</p>"
