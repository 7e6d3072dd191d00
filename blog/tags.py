"""The posts' tags: taggit's tags with the blog's slugs, and the link between a post and a tag."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from .slugs import tag_slug


class BlogTag(Tag):
    """taggit's tag (same table) with the blog's slugs: transliterated, never empty, so every
    tag has an address under /taggar/ (blog/slugs.py)."""

    class Meta:
        proxy = True
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def slugify(self, tag, i=None):
        slug = tag_slug(tag)
        return slug if i is None else f"{slug}_{i}"


class BlogPostTag(TaggedItemBase):
    tag = models.ForeignKey(
        BlogTag, related_name="%(app_label)s_%(class)s_items", on_delete=models.CASCADE
    )
    content_object = ParentalKey(
        "blog.BlogPost", related_name="tagged_items", on_delete=models.CASCADE
    )
