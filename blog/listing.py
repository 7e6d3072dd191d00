"""What the blog's listings share: pages of posts, the hook other apps annotate a listing
through, and a reader's search query made safe for the search backend."""

import unicodedata

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from wagtail import hooks


def paginate(request, items, per_page):
    """The page of `items` asked for in `?page=`, falling back to the first or last page."""
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


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
