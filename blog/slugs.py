"""How addresses are made from titles and tag names, and the route converter that reads them.

New slugs are ASCII, transliterated the way Swedish sites write them ("Nätverksträff för
rättigheter" → natverkstraff-for-rattigheter). anyascii (a Wagtail dependency) also gives
non-Latin scripts a readable Latin form (人权 → renquan, an emoji → its name), where Django's
slugify alone would leave nothing. Slugs already stored in Unicode stay valid: every route
that takes a slug uses `<uslug:…>`, which accepts whatever Wagtail and taggit have stored.
"""

from anyascii import anyascii
from django.urls import register_converter
from django.utils.text import slugify

# Room for the "-2" Wagtail or "_2" taggit appends to make a slug unique.
PAGE_SLUG_LENGTH = 200
TAG_SLUG_LENGTH = 90


def ascii_slug(text, max_length=PAGE_SLUG_LENGTH):
    """`text` as lower-case ASCII words joined by hyphens; '' when nothing in it can be spelt
    in Latin letters or digits (only punctuation, such as "#")."""
    # anyascii spells an emoji as ":name_of_it:"; keep its words apart.
    latin = anyascii(str(text)).replace(":", " ").replace("_", " ")
    return slugify(latin)[:max_length].strip("-")


class UnicodeSlugConverter:
    """Django's `<slug:>` is ASCII only; stored page and tag slugs may be Unicode."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlugConverter, "uslug")


def tag_slug(name):
    """The slug of a new tag; never empty. A name with nothing to transliterate ("#") gets
    its code points, so it still has an address of its own. The admin refuses such names
    (blog/forms.py); this covers tags made any other way."""
    slug = ascii_slug(name, TAG_SLUG_LENGTH)
    if not slug:
        code_points = "-".join(f"{ord(char):x}" for char in str(name) if not char.isspace())
        slug = f"tagg-{code_points}"[:TAG_SLUG_LENGTH].strip("-") or "tagg"
    return slug
