"""Publishing: the blog index, posts, event posts, bloggers, plain pages and site settings."""

import datetime
import unicodedata
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Q, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponseNotAllowed, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail import hooks
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import (
    FORM_FIELD_CHOICES,
    AbstractForm,
    AbstractFormField,
    AbstractFormSubmission,
    FormMixin,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from mrblogg import fragments, retention

from .blocks import RICH_TEXT_FEATURES, BodyBlock, OccasionBlock, ProgrammeBlock
from .form_builder import ContactFormBuilder, RegistrationFormBuilder
from .forms import BlogPostForm, EventPostForm, FormPageForm, PageForm
from .slugs import tag_slug  # and registers the <uslug:> route converter
from .submissions import PersonalDataFormMixin, PersonalDataSubmissionsPanel


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


class InBlogMixin:
    """A page shown inside the blog: its template gets the blog index (header, side column)."""

    def get_blog_index(self):
        return current_blog_index()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["blog_index"] = self.get_blog_index()
        return context


class BlogPost(InBlogMixin, Page):
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


class EventPost(PersonalDataFormMixin, FormMixin, BlogPost):
    """A post that announces a conference, a seminar day or a network.

    With registration fields it is also a Wagtail form page: the editor builds the
    registration form, submissions are `Registration` rows listed and exported under
    Forms in the admin, and `blog.registration` decides who gets a place.
    """

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
    registration_capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True,
        help_text=_("How many can register. Leave empty for no limit."),
    )
    organiser_email = models.EmailField(
        _("organiser's e-mail"), blank=True,
        help_text=_("Told about every registration."),
    )
    registration_confirmation = models.TextField(
        _("confirmation text"), blank=True, max_length=2000,
        help_text=_("Shown after registering and put in the confirmation e-mail."),
    )

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
                FieldPanel("is_free"),
                FieldPanel("cost_note"),
            ],
            heading=_("Registration and cost"),
        ),
        FieldPanel("programme"),
    ]
    registration_panels = [
        PersonalDataSubmissionsPanel(),
        MultiFieldPanel(
            [
                FieldPanel("registration_deadline"),
                FieldPanel("registration_capacity"),
                FieldPanel("organiser_email"),
                FieldPanel("registration_confirmation"),
            ],
            heading=_("Registration settings"),
        ),
        InlinePanel("registration_fields", label=_("Registration form fields")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Content")),
        ObjectList(registration_panels, heading=_("Registration form")),
        ObjectList(BlogPost.promote_panels, heading=_("Promote")),
        ObjectList(BlogPost.settings_panels, heading=_("Settings")),
    ])
    form_builder = RegistrationFormBuilder
    base_form_class = EventPostForm
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
    def body_has_registration_heading(self):
        """The body already has a heading "Anmälan" (as posts transcribed from the old blog
        do): the registration section then adds the form under it without a second one."""
        wanted = gettext("Registration").casefold()
        return any(
            block.block_type == "heading" and block.value["text"].strip().casefold() == wanted
            for block in self.body
        )

    @property
    def address(self):
        return ", ".join(p for p in [self.venue_name, self.street_address, self.locality] if p)

    # --- Registration (a Wagtail form page; the rules live in blog.registration) ---

    def get_form_fields(self):
        # serve_event fetches the fields once per request; the admin always asks afresh.
        cached = getattr(self, "_registration_fields_cache", None)
        return cached if cached is not None else self.registration_fields.all()

    def get_submission_class(self):
        return Registration

    def serve(self, request, *args, **kwargs):
        from .registration import serve_event

        return serve_event(self, request, *args, **kwargs)

    def process_form_submission(self, form):
        from .registration import register

        return register(self, form)


class RegistrationField(AbstractFormField):
    """One field of an event's registration form, built by the editor."""

    page = ParentalKey(EventPost, on_delete=models.CASCADE, related_name="registration_fields")
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16,
        choices=list(FORM_FIELD_CHOICES) + [("phone", _("Phone number"))],
    )
    field_type.required_on_save = True

    class Meta(AbstractFormField.Meta):
        verbose_name = _("registration form field")
        verbose_name_plural = _("registration form fields")


class Registration(AbstractFormSubmission):
    """One person's registration for an event: the submitted form, and what was sent."""

    email = models.EmailField(
        _("e-mail"), blank=True,
        help_text=_("The registrant's address, in lower case; one registration per address."),
    )
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    organiser_notified_at = models.DateTimeField(_("organiser told"), null=True, blank=True)
    # Every e-mail the registration needs has been handed over (blog/tasks.py); until then
    # resend_form_emails queues the task again.
    emails_done_at = models.DateTimeField(_("e-mails done"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "email"], condition=~Q(email=""),
                name="blog_registration_one_per_email",
            ),
        ]


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
    subpage_types = ["blog.BlogPost", "blog.EventPost", "blog.StandardPage", "blog.ContactPage"]
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
        from .feeds import LatestPostsFeed

        return LatestPostsFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from .feeds import LatestPostsAtomFeed

        return LatestPostsAtomFeed(self)(request)

    @path("taggar/<uslug:tag>/rss/", name="tag_rss")
    def tag_rss_feed(self, request, tag):
        from .feeds import LatestPostsFeed

        return LatestPostsFeed(self, get_object_or_404(BlogTag, slug=tag))(request)

    @path("taggar/<uslug:tag>/atom/", name="tag_atom")
    def tag_atom_feed(self, request, tag):
        from .feeds import LatestPostsAtomFeed

        return LatestPostsAtomFeed(self, get_object_or_404(BlogTag, slug=tag))(request)

    @path("kalender/<uslug:slug>/", name="event_ics")
    def event_ics(self, request, slug):
        from .ical import ics_response

        event = get_object_or_404(EventPost.objects.live().public().child_of(self), slug=slug)
        return ics_response(event)

    @path("avboka/<str:token>/", name="cancel_registration")
    def cancel_registration(self, request, token):
        from .registration import serve_cancel

        if request.method not in ("GET", "HEAD", "POST"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        return serve_cancel(request, token)

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


LISTING_HOOK = "annotate_post_listing"


def annotate_listing(posts, request):
    """The posts of one listing page, each with `event` (its EventPost, or None) and
    `listing_meta`: short pieces of HTML other apps add to the line under the title.

    Apps add them through the Wagtail hook "annotate_post_listing": a function given the
    list of posts and the request, which appends to each post's `listing_meta` and must
    cost a fixed number of queries for the whole list (comments/wagtail_hooks.py adds the
    comment count with one). So the blog shows what it does not own without importing it.
    """
    for post in posts:
        post.event = getattr(post, "eventpost", None)
        post.listing_meta = []
    for annotate in hooks.get_hooks(LISTING_HOOK):
        annotate(posts, request)
    return posts


def search_terms(query):
    """What the search backend is given of a reader's query: the words, without double
    quotes (SQLite's FTS5 backend puts each term in quotes without escaping them, so one
    quote is a syntax error) or control characters (PostgreSQL refuses NUL)."""
    return "".join(
        " " if char == '"' or unicodedata.category(char) == "Cc" else char for char in query
    ).strip()


def current_blog_index():
    """The blog's front page (for its routes: feeds, archive, search), kept in the fragment
    cache until pages change (mrblogg/fragments.py): every page needs it, none should pay a
    query for it."""
    return fragments.get_or_build("blog-index", [fragments.SITE], BlogIndexPage.objects.first)


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
        "blog.ContactPage", verbose_name=_("contact page"), null=True, blank=True,
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


# --- The contact form ------------------------------------------------------------


class ContactField(AbstractFormField):
    page = ParentalKey("blog.ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(AbstractFormField.Meta):
        verbose_name = _("contact form field")
        verbose_name_plural = _("contact form fields")


class ContactPage(PersonalDataFormMixin, InBlogMixin, AbstractForm):
    """"Kontakta oss": a form whose messages go to the contact address in the site settings.

    The fields are editable; the human check is always added (see ContactFormBuilder).
    """

    intro = models.TextField(_("intro"), blank=True, max_length=1000)
    thank_you_text = models.TextField(
        _("thank-you text"), blank=True, max_length=1000,
        help_text=_("Shown after a message has been sent."),
    )

    content_panels = AbstractForm.content_panels + [
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
    ]
    form_builder = ContactFormBuilder
    base_form_class = FormPageForm
    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []
    max_count = 1
    template = "blog/contact_page.html"
    landing_page_template = "blog/contact_page_landing.html"

    class Meta:
        verbose_name = _("contact page")
        verbose_name_plural = _("contact pages")

    def get_submission_class(self):
        return ContactSubmission

    def get_data_fields(self):
        # The human check is part of the form but never of the stored message.
        return [(name, label) for name, label in super().get_data_fields() if name != "captcha"]

    def serve(self, request, *args, **kwargs):
        from .contact import serve_contact

        return serve_contact(self, request, *args, **kwargs)


class ContactSubmission(AbstractFormSubmission):
    """A message sent through the contact form; deleted after the retention period."""

    sender_key = models.CharField(
        _("sender key"), max_length=64, blank=True, db_index=True,
        help_text=_("A keyed hash of the sender's IP address, for the rate limit."),
    )
    forwarded_at = models.DateTimeField(_("forwarded"), null=True, blank=True)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)
    emails_done_at = models.DateTimeField(_("e-mails done"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        # One permission for both kinds of submission (see blog/submissions.py).
        permissions = [
            ("view_personal_data",
             _("Can see personal data in form submissions (contact messages, registrations)")),
        ]
        indexes = [models.Index(fields=["submit_time"], name="blog_contact_submit_time")]
