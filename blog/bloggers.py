"""The bloggers: the people who write on the blog, chosen as authors on posts (a snippet)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Blogger(index.Indexed, models.Model):
    """A person who writes on the blog; chosen as an author on posts."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"), max_length=100, unique=True,
        help_text=_("Used in the address of the blogger's page."),
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)

    panels = [
        FieldPanel("name"), FieldPanel("slug"), FieldPanel("role"),
        FieldPanel("photo"), FieldPanel("bio"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("blogger")
        verbose_name_plural = _("bloggers")

    def __str__(self):
        return self.name
