"""The admin's page forms: ASCII slugs for new pages, and tags that can always be linked."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.contrib.forms.forms import WagtailAdminFormPageForm
from wagtail.models import Page

from .slugs import ascii_slug

# What a title with nothing to transliterate ("###") is published under.
FALLBACK_PAGE_SLUG = "sida"


class AsciiSlugMixin:
    """A new or changed slug is transliterated ASCII (blog/slugs.py); an empty one is made from
    the title, as the admin's script does (WAGTAIL_ALLOW_UNICODE_SLUGS = False) — also for an
    editor without the script, and for titles the script cannot spell (Chinese, Arabic). A
    stored slug the editor leaves alone stays as it is, even in Unicode, so no address moves."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        slug = self.cleaned_data.get("slug")
        if slug is not None and not (slug and slug == self.instance.slug):
            wanted = ascii_slug(slug or self.cleaned_data.get("title", "")) or FALLBACK_PAGE_SLUG
            if wanted != slug:
                # Made or changed here, so it is ours to keep apart from the siblings' slugs;
                # a slug the editor typed as it stands is checked by Wagtail as usual.
                self.cleaned_data["slug"] = self._free_slug(wanted)
        return super().clean()

    def _free_slug(self, base):
        if self.parent_page is None:
            return base
        # Wagtail's own numbering of a slug taken by a sibling: base, base-2, base-3 …
        candidate, number = base, 1
        while not Page._slug_is_available(candidate, self.parent_page, self.instance):
            number += 1
            candidate = f"{base}-{number}"
        return candidate


class LinkableTagsMixin:
    """Every tag on a post links to /taggar/<slug>/: a name the slug cannot be made from
    ("#", "!!!") is refused here, in Swedish, rather than stored without an address. (taggit's
    field already refuses a name too long for the tag table.)"""

    def clean_tags(self):
        names = self.cleaned_data["tags"]
        unlinkable = [name for name in names if not ascii_slug(name)]
        if unlinkable:
            # A tag stored before this check with a slug of its own is linkable; keep it.
            tag_model = self._meta.model._meta.get_field("tags").related_model
            known = set(
                tag_model.objects.filter(name__in=unlinkable).exclude(slug="")
                .values_list("name", flat=True)
            )
            errors = [
                _(
                    "The tag “%(tag)s” has no letters or digits to make its address from. "
                    "Write it in words."
                ) % {"tag": name}
                for name in unlinkable if name not in known
            ]
            if errors:
                raise ValidationError(errors)
        return names


class PageForm(AsciiSlugMixin, WagtailAdminPageForm):
    pass


class FormPageForm(AsciiSlugMixin, WagtailAdminFormPageForm):
    pass


class BlogPostForm(LinkableTagsMixin, PageForm):
    pass


class EventPostForm(LinkableTagsMixin, FormPageForm):
    pass
