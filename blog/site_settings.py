"""The blog's site settings: what an editor changes without a deploy (Wagtail's settings)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField


@register_setting(icon="cog")
class BlogSettings(BaseGenericSetting):
    """What an editor changes without a deploy."""

    information_officer_name = models.CharField(
        _("information officer"), max_length=200, blank=True,
    )
    information_officer_title = models.CharField(
        _("information officer's title"), max_length=200, blank=True,
    )
    about_text = RichTextField(
        _("about the blog"), features=["bold", "italic", "link"], blank=True,
        help_text=_("The short text under 'Om bloggen' in the side column."),
    )
    about_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page about the blog"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    rules_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page with the comment rules"), null=True,
        blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("accessibility statement"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Linked from the footer of every page, as the law asks."),
    )
    privacy_page = models.ForeignKey(
        "blog.PrivacyPage", verbose_name=_("privacy notice"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_(
            "Linked from the footer and next to every form that collects personal data."
        ),
    )
    contact_email = models.EmailField(
        _("contact address"), blank=True,
        help_text=_("Where messages to the blog go."),
    )
    contact_page = models.ForeignKey(
        "contact.ContactPage", verbose_name=_("contact page"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Linked from 'Kontakta oss' in the side column."),
    )
    contact_retention_days = models.PositiveIntegerField(
        _("keep contact messages (days)"), default=90, validators=[MinValueValidator(1)],
        help_text=_(
            "Messages from the contact form are deleted automatically after this many days."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("information_officer_name"), FieldPanel("information_officer_title")],
            heading=_("Information officer"),
        ),
        FieldPanel("about_text"),
        FieldPanel("about_page"),
        FieldPanel("rules_page"),
        FieldPanel("accessibility_page"),
        FieldPanel("privacy_page"),
        FieldPanel("contact_email"),
        FieldPanel("contact_page"),
        FieldPanel("contact_retention_days"),
    ]
    # The side column links to the contact page and forms to the privacy notice on many pages:
    # fetch them with the settings.
    select_related = ["contact_page", "privacy_page"]

    class Meta:
        verbose_name = _("blog settings")
