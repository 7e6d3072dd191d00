"""Publishing: the blog index, posts, bloggers, plain pages and site settings (event posts:
blog/events/, the contact page: blog/contact/)."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from mrblogg import fragments, retention

from . import slugs  # noqa: F401  (registers the <uslug:> route converter)
from .blocks import RICH_TEXT_FEATURES, BodyBlock
from .bloggers import Blogger
from .feeds import LatestPostsAtomFeed, LatestPostsFeed
from .forms import BlogPostForm, PageForm
from .listing import LISTING_HOOK, annotate_listing, paginate, search_terms
from .site_settings import BlogSettings
from .tags import BlogPostTag, BlogTag

# Named here for the apps that import them from the blog's models (comments/wagtail_hooks.py).
__all__ = [
    "LISTING_HOOK", "BlogIndexPage", "BlogPost", "BlogPostTag", "BlogSettings", "BlogTag",
    "Blogger", "InBlogMixin", "PrivacyPage", "StandardPage", "current_blog_index",
]


class InBlogMixin:
    """A page shown inside the blog: its template gets the blog index (header, side column)."""

    def get_blog_index(self):
        return current_blog_index()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = self.get_blog_index()
        return context


class BlogPost(InBlogMixin, Page):
    """A post on the blog. Event posts (blog/events/) extend it with the details of an event."""

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
    base_form_class = BlogPostForm

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
        return context


class StandardPage(InBlogMixin, Page):
    """A plain editable page: "Om bloggen", "Regler för kommentarer" and the like."""

    intro = models.TextField(_("intro"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    template = "blog/standard_page.html"
    base_form_class = PageForm

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")


PRIVACY_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class PrivacyPage(InBlogMixin, Page):
    """"Så behandlar vi dina personuppgifter": the editable privacy notice.

    The editors write each section; how long each kind of data is kept is not written here
    but rendered from mrblogg/retention.py, the list the purge jobs read, so the page says
    what the jobs really do and changes when a setting changes.
    """

    intro = models.TextField(_("intro"), blank=True, max_length=600)
    controller = RichTextField(
        _("controller"), features=PRIVACY_FEATURES, blank=True,
        help_text=_("Who is responsible for the personal data: name, address, org. number."),
    )
    purposes = RichTextField(
        _("purposes"), features=PRIVACY_FEATURES, blank=True,
        help_text=_("What the data is used for, per kind of data."),
    )
    legal_basis = RichTextField(_("legal basis"), features=PRIVACY_FEATURES, blank=True)
    rights = RichTextField(
        _("your rights"), features=PRIVACY_FEATURES, blank=True,
        help_text=_("The person's rights and how to use them: export, erase, unsubscribe."),
    )
    data_protection_contact = RichTextField(
        _("data protection contact"), features=PRIVACY_FEATURES, blank=True,
    )
    complaint = RichTextField(
        _("right to complain"), features=PRIVACY_FEATURES, blank=True,
        help_text=_("The right to complain to the supervisory authority (IMY)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("controller"),
        FieldPanel("purposes"),
        FieldPanel("legal_basis"),
        FieldPanel("rights"),
        FieldPanel("data_protection_contact"),
        FieldPanel("complaint"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    max_count = 1
    template = "blog/privacy_page.html"
    base_form_class = PageForm

    class Meta:
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["retention_kinds"] = [
            (kind, retention.describe(kind)) for kind in retention.kinds()
        ]
        return context


class BlogIndexPage(InBlogMixin, RoutablePageMixin, Page):
    """The blog's front page: the newest posts, and the tag, blogger, archive, feed and search routes."""

    intro = RichTextField(_("intro"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    # A setting, so that apps built on the blog add their pages without the blog importing them.
    subpage_types = settings.BLOG_INDEX_CHILD_PAGE_TYPES
    max_count = 1
    template = "blog/blog_index_page.html"
    base_form_class = PageForm

    class Meta:
        verbose_name = _("blog")
        verbose_name_plural = _("blogs")

    def get_blog_index(self):
        return self

    def posts(self):
        """Live posts, newest first, with what a listing shows fetched in a fixed number of queries."""
        return (
            BlogPost.objects.live().public().descendant_of(self)
            .order_by("-date", "-first_published_at", "-pk")
            # An event's date and place are shown in the listing: its row comes in the join.
            .select_related("eventpost")
            .prefetch_related("tags", "bloggers")
        )

    def render_listing(self, request, posts, **extra):
        page = paginate(request, posts, settings.BLOG_POSTS_PER_PAGE)
        page.object_list = annotate_listing(list(page.object_list), request)
        context = {"posts": page, **extra}
        return self.render(request, context_overrides=context)

    @path("")
    def latest(self, request):
        return self.render_listing(request, self.posts())

    # <uslug:>, not <slug:>: pages and tags from before ASCII slugs have Unicode ones.
    @path("taggar/<uslug:tag>/")
    def by_tag(self, request, tag):
        tag_obj = get_object_or_404(BlogTag, slug=tag)
        posts = self.posts().filter(tags=tag_obj)
        return self.render_listing(request, posts, listing_tag=tag_obj)

    @path("bloggare/<uslug:blogger>/")
    def by_blogger(self, request, blogger):
        blogger_obj = get_object_or_404(Blogger.objects.select_related("photo"), slug=blogger)
        posts = self.posts().filter(bloggers=blogger_obj)
        return self.render_listing(request, posts, listing_blogger=blogger_obj)

    # Digits, not <int:>: the listing has one address, the one the side column writes
    # (/arkiv/2022/9/); any other spelling of the month (09, 009) redirects to it for good.
    @re_path(r"^arkiv/(?P<year>[0-9]{4})/(?P<month>[0-9]{1,3})/$", name="by_month")
    def by_month(self, request, year, month):
        year, month_number = int(year), int(month)
        if not 1 <= month_number <= 12 or not 1900 < year < 3000:
            raise Http404
        if month != str(month_number):
            url = self.get_url(request) + self.reverse_subpage(
                "by_month", args=(year, month_number)
            )
            if request.META.get("QUERY_STRING"):
                url += "?" + request.META["QUERY_STRING"]
            return HttpResponsePermanentRedirect(url)
        month = month_number
        posts = self.posts().filter(date__year=year, date__month=month)
        return self.render_listing(
            request, posts, listing_month=datetime.date(year, month, 1)
        )

    @path("rss/", name="rss")
    def rss_feed(self, request):
        return LatestPostsFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        return LatestPostsAtomFeed(self)(request)

    @path("taggar/<uslug:tag>/rss/", name="tag_rss")
    def tag_rss_feed(self, request, tag):
        return LatestPostsFeed(self, get_object_or_404(BlogTag, slug=tag))(request)

    @path("taggar/<uslug:tag>/atom/", name="tag_atom")
    def tag_atom_feed(self, request, tag):
        return LatestPostsAtomFeed(self, get_object_or_404(BlogTag, slug=tag))(request)

    @path("sok/", name="search")
    def search(self, request):
        query = request.GET.get("q", "").strip()[:200]
        results = None
        if query:
            terms = search_terms(query)
            posts = BlogPost.objects.live().public().descendant_of(self)
            results = paginate(
                request,
                posts.search(terms) if terms else posts.none(),
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


def current_blog_index():
    """The blog's front page (for its routes: feeds, archive, search), kept in the fragment
    cache until pages change (mrblogg/fragments.py): every page needs it, none should pay a
    query for it."""
    return fragments.get_or_build("blog-index", [fragments.SITE], BlogIndexPage.objects.first)
