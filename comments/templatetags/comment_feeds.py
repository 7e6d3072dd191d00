"""Links to a post's comment feeds (comments/feeds.py): in the page's head and under its
comments. Nothing is linked for a post without feeds (restricted, not live, a preview)."""

from django import template

from ..feeds import feed_urls

register = template.Library()


@register.inclusion_tag("comments/includes/feed_links.html")
def comment_feed_links(post, where="head"):
    """`where`: "head" for the <link rel="alternate"> elements, "page" for the visible links."""
    return {"feeds": feed_urls(post), "where": where, "post": post}
