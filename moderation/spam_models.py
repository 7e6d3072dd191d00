"""The spam check's memory (moderation/checks/spam.py): the index of recent comments
(fingerprints, MinHash band keys), the officers' list of link domains (allowed sites, URL
shorteners) and the index of where recent comments link to.
Imported by models.py, so Django finds them under the moderation app."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

_PATTERN = re.compile(r"^[a-z0-9*?\u00c0-\u024f][a-z0-9.*?\u00c0-\u024f-]*$")


class LinkDomain(models.Model):
    """A site the spam check treats in its own way, kept by the officers in the admin.

    ALLOWED: links to it never count toward spam (authorities, SKR, regions, news) — not
    as a link, not as a repeated site, not as a campaign. SHORTENER: a URL shortener; every
    shortener is one link target, since a campaign spreads its link over several of them.
    """

    class Kind(models.TextChoices):
        ALLOWED = "allowed", _("Allowed site (never counts toward spam)")
        SHORTENER = "shortener", _("URL shortener (all of them count as one site)")

    domain = models.CharField(
        _("domain or pattern"), max_length=100,
        help_text=_("A registered domain such as skr.se (its subdomains are included), or a "
                    "pattern with * such as *kommun.se or region*.se."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ALLOWED)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("domain"), FieldPanel("kind"), FieldPanel("note")]

    class Meta:
        ordering = ["kind", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "kind"], name="link_domain_unique"),
        ]
        verbose_name = _("link domain")
        verbose_name_plural = _("link domains")

    def __str__(self):
        return self.domain

    def clean(self):
        super().clean()
        self.domain = (self.domain or "").strip().casefold()
        if self.domain.startswith(("http://", "https://")):
            self.domain = self.domain.split("://", 1)[1].split("/", 1)[0]
        if not _PATTERN.match(self.domain) or ".." in self.domain or self.domain.strip("*?.") == "":
            raise ValidationError({"domain": _(
                "Write a domain such as skr.se or a pattern such as *kommun.se "
                "(letters, digits, dots, hyphens and *).")})


class LinkTarget(models.Model):
    """Where one recent comment links to: one row per link target (a registered domain, or
    the class of all URL shorteners), pruned with the rest of the spam index.

    `target` is a 64-bit hash of the target's name; `spam` whether screening decided the
    comment was spam (a fresh account that links there next continues a campaign); `fresh`
    whether the account was
    new or nearly unused when it wrote the comment (ModerationSettings), so a campaign of
    fresh accounts is counted from this table alone, without reading the accounts.
    """

    target = models.BigIntegerField()
    created_at = models.DateTimeField()
    # Goes with its comment (the author's erasure too): a deleted comment is no campaign.
    comment = models.ForeignKey("comments.Comment", related_name="+", on_delete=models.CASCADE)
    author_id = models.BigIntegerField()
    fresh = models.BooleanField(default=False)
    spam = models.BooleanField(default=False)  # screening decided the comment was spam

    class Meta:
        verbose_name = _("link target")
        verbose_name_plural = _("link targets")
        indexes = [
            models.Index(fields=["target", "-created_at", "author_id", "fresh", "spam",
                                 "comment_id"],
                         name="link_target_lookup"),
            models.Index(fields=["created_at"], name="link_target_time"),
        ]


class CommentFingerprint(models.Model):
    """One recent comment as the spam check remembers it; pruned after the spam window.

    `exact` is a 64-bit hash of the normalised text without links; `signature` its MinHash
    (128 unsigned 32-bit values, little-endian, scheme `spam.SIGNATURE_SCHEME`), empty for
    short texts, which keep their normalised text in `short_text` instead.
    """

    comment = models.OneToOneField(
        "comments.Comment", primary_key=True, related_name="fingerprint",
        on_delete=models.CASCADE,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="+", on_delete=models.CASCADE, db_index=False,
    )
    created_at = models.DateTimeField()
    exact = models.BigIntegerField()
    signature = models.BinaryField(blank=True, default=b"")
    short_text = models.CharField(max_length=200, blank=True)
    domains = models.CharField(max_length=500, blank=True)  # registered domains, spaces

    class Meta:
        verbose_name = _("comment fingerprint")
        verbose_name_plural = _("comment fingerprints")
        indexes = [
            models.Index(fields=["exact", "created_at"], name="fingerprint_exact_time"),
            models.Index(fields=["author", "-created_at"], name="fingerprint_author_time"),
            models.Index(fields=["created_at"], name="fingerprint_time"),
        ]


class BandKey(models.Model):
    """One LSH band of a comment's MinHash signature: 25 rows per comment in the window.

    No foreign key on purpose: a row of a deleted comment finds no fingerprint and is
    skipped, and the prune removes it with the window, so the only index is the covering one
    the lookup reads.
    """

    band_key = models.BigIntegerField()
    created_at = models.DateTimeField()
    comment_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("band key")
        verbose_name_plural = _("band keys")
        indexes = [
            models.Index(fields=["band_key", "-created_at", "comment_id"], name="band_key_lookup"),
            models.Index(fields=["created_at"], name="band_key_time"),
        ]
