from django import template
from django.template.loader import render_to_string

from mrblogg import fragments

from ..models import Blogger, current_blog_index

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
