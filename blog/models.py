"""Publishing: the blog index, posts, event posts, bloggers, plain pages and site settings."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import RICH_TEXT_FEATURES, BodyBlock, OccasionBlock, ProgrammeBlock


def paginate(request, items, per_page):
    """The page of `items` asked for in `?page=`, falling back to the first or last page."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


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


class BlogPostTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPost", related_name="tagged_items", on_delete=models.CASCADE
    )


class BlogPost(Page):
    """A post on the blog. Event posts extend it with the details of an event."""

    date = models.DateField(
        _("post date"), default=datetime.date.today,
        help_text=_("The date shown on the post; the first day it was published."),
    )
    intro = models.TextField(
        _("intro"), max_length=600,
        help_text=_("One or two sentences shown in listings, feeds and e-mails."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    bloggers = ParentalManyToManyField(
        "blog.Blogger", verbose_name=_("bloggers"), related_name="posts", blank=False,
    )
    tags = ClusterTaggableManager(
        through=BlogPostTag, blank=True, verbose_name=_("tags"),
    )
    comments_closed = models.BooleanField(
        _("closed for comments"), default=False,
        help_text=_("No new comments are accepted; published comments stay visible."),
    )

    settings_panels = Page.settings_panels + [FieldPanel("comments_closed")]
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        # Required to publish, not to save a draft.
        FieldPanel("bloggers", widget=forms.CheckboxSelectMultiple, required_on_save=False),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("bloggers", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    template = "blog/blog_post.html"

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")

    def clean(self):
        super().clean()
        if self.live and self.pk and not self.bloggers.all():
            raise ValidationError(
                {"bloggers": _("A published post needs at least one blogger.")}
            )

    @property
    def blog_index(self):
        return BlogIndexPage.objects.ancestor_of(self).first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if self.pk:  # a preview of a new post has no rows to fetch yet
            prefetch_related_objects([self], "bloggers", "tags")
        context["blog_index"] = BlogIndexPage.objects.first()
        return context


class EventPost(BlogPost):
    """A post that announces a conference, a seminar day or a network."""

    start_date = models.DateField(_("first day"))
    end_date = models.DateField(
        _("last day"), null=True, blank=True,
        help_text=_("Leave empty for a one-day event."),
    )
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    time_note = models.CharField(
        _("about the time"), max_length=200, blank=True,
        help_text=_("For example: registration and coffee from 09:00."),
    )
    occasions = StreamField(
        [("occasion", OccasionBlock())], verbose_name=_("meetings"), blank=True,
        help_text=_("For an event that meets on several separate days."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    locality = models.CharField(_("town"), max_length=100, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateField(_("last day to register"), null=True, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    cost_note = models.TextField(_("about the cost"), blank=True)
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)

    content_panels = BlogPost.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldPanel("time_note"),
                FieldPanel("occasions"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("street_address"), FieldPanel("locality")],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_url"),
                FieldPanel("registration_deadline"),
                FieldPanel("is_free"),
                FieldPanel("cost_note"),
            ],
            heading=_("Registration and cost"),
        ),
        FieldPanel("programme"),
    ]
    search_fields = BlogPost.search_fields + [
        index.SearchField("programme"),
        index.SearchField("venue_name"),
        index.SearchField("locality"),
    ]

    template = "blog/event_post.html"

    class Meta:
        verbose_name = _("event post")
        verbose_name_plural = _("event posts")

    @property
    def last_day(self):
        return self.end_date or self.start_date

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        elif (
            self.start_time and self.end_time and self.end_time < self.start_time
            and (self.end_date is None or self.end_date == self.start_date)
        ):
            errors["end_time"] = _("The event cannot end before it starts.")
        if (
            self.registration_deadline and self.start_date
            and self.registration_deadline > self.start_date
        ):
            errors["registration_deadline"] = _(
                "The last day to register cannot be after the event has started."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def address(self):
        return ", ".join(p for p in [self.venue_name, self.street_address, self.locality] if p)


class StandardPage(Page):
    """A plain editable page: "Om bloggen", "Regler för kommentarer" and the like."""

    intro = models.TextField(_("intro"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    template = "blog/standard_page.html"

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = BlogIndexPage.objects.first()
        return context


class BlogIndexPage(RoutablePageMixin, Page):
    """The blog's front page: the newest posts, and the tag, blogger, archive, feed and search routes."""

    intro = RichTextField(_("intro"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["blog.BlogPost", "blog.EventPost", "blog.StandardPage"]
    max_count = 1
    template = "blog/blog_index_page.html"

    class Meta:
        verbose_name = _("blog")
        verbose_name_plural = _("blogs")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = self
        return context

    def posts(self):
        """Live posts, newest first, with what a listing shows fetched in a fixed number of queries."""
        return (
            BlogPost.objects.live().public().descendant_of(self)
            .order_by("-date", "-first_published_at", "-pk")
            .prefetch_related("tags", "bloggers")
        )

    def render_listing(self, request, posts, **extra):
        page = paginate(request, posts, settings.BLOG_POSTS_PER_PAGE)
        context = {"posts": page, **extra}
        return self.render(request, context_overrides=context)

    @path("")
    def latest(self, request):
        return self.render_listing(request, self.posts())

    @path("taggar/<slug:tag>/")
    def by_tag(self, request, tag):
        tag_obj = get_object_or_404(Tag, slug=tag)
        posts = self.posts().filter(tags=tag_obj)
        return self.render_listing(request, posts, listing_tag=tag_obj)

    @path("bloggare/<slug:blogger>/")
    def by_blogger(self, request, blogger):
        blogger_obj = get_object_or_404(Blogger.objects.select_related("photo"), slug=blogger)
        posts = self.posts().filter(bloggers=blogger_obj)
        return self.render_listing(request, posts, listing_blogger=blogger_obj)

    @path("arkiv/<int:year>/<int:month>/")
    def by_month(self, request, year, month):
        if not 1 <= month <= 12 or not 1900 < year < 3000:
            raise Http404
        posts = self.posts().filter(date__year=year, date__month=month)
        return self.render_listing(
            request, posts, listing_month=datetime.date(year, month, 1)
        )

    @path("rss/", name="rss")
    def rss_feed(self, request):
        from .feeds import LatestPostsFeed

        return LatestPostsFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import LatestPostsAtomFeed

        return LatestPostsAtomFeed(self)(request)

    @path("taggar/<slug:tag>/rss/", name="tag_rss")
    def tag_rss_feed(self, request, tag):
        from .feeds import LatestPostsFeed

        return LatestPostsFeed(self, get_object_or_404(Tag, slug=tag))(request)

    @path("taggar/<slug:tag>/atom/", name="tag_atom")
    def tag_atom_feed(self, request, tag):
        from .feeds import LatestPostsAtomFeed

        return LatestPostsAtomFeed(self, get_object_or_404(Tag, slug=tag))(request)

    @path("sok/", name="search")
    def search(self, request):
        query = request.GET.get("q", "").strip()[:200]
        results = None
        if query:
            results = paginate(
                request,
                BlogPost.objects.live().public().descendant_of(self).search(query),
                settings.BLOG_SEARCH_RESULTS_PER_PAGE,
            )
        return self.render(
            request,
            template="blog/search.html",
            context_overrides={
                "search_query": query,
                "search_query_string": urlencode({"q": query}),
                "search_results": results,
            },
        )

    def archive_months(self):
        """Months that have posts, newest first, with how many posts each."""
        return (
            BlogPost.objects.live().public().descendant_of(self)
            .annotate(month=TruncMonth("date"))
            .values("month")
            .annotate(count=models.Count("pk"))
            .order_by("-month")
        )


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
    contact_email = models.EmailField(
        _("contact address"), blank=True,
        help_text=_("Where messages to the blog go."),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("information_officer_name"), FieldPanel("information_officer_title")],
            heading=_("Information officer"),
        ),
        FieldPanel("about_text"),
        FieldPanel("about_page"),
        FieldPanel("rules_page"),
        FieldPanel("contact_email"),
    ]

    class Meta:
        verbose_name = _("blog settings")
