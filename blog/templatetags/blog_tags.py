from django import template
from django.template.loader import render_to_string
from django.utils.translation import gettext
from wagtail.models import Page

from mrblogg import fragments

from .. import seo
from ..models import Blogger, BlogIndexPage, BlogPost, current_blog_index

register = template.Library()


@register.simple_tag(takes_context=True)
def blog_sidebar(context):
    """The side column from the original blog: officer, contact, about, subscribe, search,
    archive. The same for every page but search results (which fill in the search field),
    so it is rendered once per "site" generation (mrblogg/fragments.py)."""
    search_query = context.get("search_query", "")

    def render():
        blog_index = context.get("blog_index") or current_blog_index()
        return render_to_string("blog/includes/sidebar.html", {
            "request": context.get("request"),
            "settings": context.get("settings"),
            "blog_index": blog_index,
            "bloggers": list(Blogger.objects.all()),
            "archive_months": list(blog_index.archive_months()) if blog_index else [],
            "search_query": search_query,
        })

    if search_query:
        return render()
    return fragments.get_or_build("sidebar", [fragments.SITE], render)


@register.simple_tag(takes_context=True)
def blog_route(context, name, *args):
    """The URL of one of the blog index's routes (tag, blogger, archive, feeds, search)."""
    blog_index = context.get("blog_index")
    if blog_index is None:
        return ""
    return blog_index.get_url(context.get("request")) + blog_index.reverse_subpage(name, args=args)


@register.inclusion_tag("blog/includes/page_meta.html", takes_context=True)
def page_meta(context, title="", description="", noindex=False):
    """Canonical link, meta description and Open Graph tags (blog/seo.py). A template
    outside the page tree (login, search results, a listing) names its own title and
    description; a page gives its search fields or its intro."""
    request = context.get("request")
    page = context.get("page")
    listing = context.get("posts") or context.get("search_results")
    page_number = getattr(listing, "number", None)
    is_post = isinstance(page, BlogPost)
    return {
        "canonical_url": seo.canonical_url(request, page, page_number),
        "title": title or seo.title_of(page) or gettext("MR-bloggen"),
        "description": (
            seo.plain_text(description) or seo.description_of(page)
            or gettext("The blog about human rights in municipalities and regions")
        ),
        "og_type": "article" if is_post else "website",
        "published": page.first_published_at if is_post else None,
        "noindex": noindex,
    }


@register.simple_tag(takes_context=True)
def nav_section(context):
    """Which item of the main menu the reader is in: "front" (the front page itself),
    "search", "posts" (a listing or a post: within "Inlägg"), "page:<id>" (another page,
    such as "Om bloggen"), "mine", "within-mine" (deleting a comment or the account),
    "login", or "" (nowhere in the menu, as on the sign-up page). The header marks that one item and no other. No query: the header compares
    "page:<id>" with the settings inside its cached fragment, whose key holds the section."""
    page = context.get("page")
    if isinstance(page, Page):
        route = getattr(context.get("request"), "routable_resolver_match", None)
        if isinstance(page, BlogIndexPage) and route is not None and route.url_name == "latest":
            return "front"
        if isinstance(page, BlogIndexPage) and route is not None and route.url_name == "search":
            return "search"
        if isinstance(page, (BlogIndexPage, BlogPost)):
            return "posts"
        return page_section(page.pk)
    match = getattr(context.get("request"), "resolver_match", None)
    view_name = match.view_name if match else ""
    return {
        "comments:mine": "mine",
        # Reached from "Mina kommentarer": inside that section.
        "comments:delete": "within-mine",
        "comments:edit": "within-mine",
        "comments:delete_account": "within-mine",
        "account_login": "login",
    }.get(view_name, "")


@register.filter
def page_section(page_id):
    """The menu section of the page with this id (see nav_section)."""
    return f"page:{page_id}" if page_id else ""


@register.simple_tag(takes_context=True)
def search_url(context):
    """The blog's search page, also from pages outside the blog (login, own comments), whose
    context has no blog index: the header links it on every page."""
    blog_index = context.get("blog_index") or current_blog_index()
    if blog_index is None:
        return ""
    return blog_index.get_url(context.get("request")) + blog_index.reverse_subpage("search")
