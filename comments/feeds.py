"""RSS 2.0 and Atom feeds of one post's published comments, for those who follow a discussion.

Only a live post that nobody restricted (no view restriction on it or above it: password,
login or groups) has feeds; every other id is "not found", so a feed never tells more than
the page does to a visitor. Each item links to the comment's place on the post's page (its
page of comments, its folded replies, its anchor `#kommentar-<pk>`); its guid is the
comment's permalink. The text is the reader's raw text escaped for display, so a feed reader
that shows descriptions as HTML shows the characters, never markup; characters XML 1.0
cannot carry are dropped. A comment deleted by its author is not in the feed.

The items are kept in the fragment cache under the post's comment generation (and the site's,
for its address and the settings), and anonymous responses in the page cache like any page.
"""

import re

from django.contrib.syndication.views import Feed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from wagtail.models import PageViewRestriction

from blog.models import BlogPost
from mrblogg import fragments
from mrblogg.addresses import public_url

from .forms import LARGEST_ID
from .listing import READERS, SHOWN, SHOWN_RELATED, comment_list, post_generation
from .models import Comment, CommentSettings, display_name_of
from .rendering import BIDI_CONTROLS
from .threads import PAGE_PARAM, UNFOLD_PARAM, Layout

FEED_LENGTH = 50
RESTRICTIONS = "view-restrictions"
# XML 1.0 has no place for these (Django's feed writer refuses them with an error).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    return NOT_XML.sub("", BIDI_CONTROLS.sub("", str(text)))


def is_public(post):
    """No view restriction on the post or above it: kept in the fragment cache until pages or
    restrictions change, and on the post object for the rest of the request (the page asks
    twice: its head and under its comments)."""
    known = getattr(post, "_comment_feeds_public", None)
    if known is None:
        known = fragments.get_or_build(
            f"post-public:{post.pk}", [fragments.SITE, RESTRICTIONS],
            lambda: not PageViewRestriction.objects.filter(
                page__in=post.get_ancestors(inclusive=True)
            ).exists(),
        )
        post._comment_feeds_public = known
    return known


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="comments.feeds.restricted")
@receiver(post_delete, sender=PageViewRestriction, dispatch_uid="comments.feeds.unrestricted")
def restrictions_changed(sender, **kwargs):
    fragments.bump(RESTRICTIONS)


def addresses(listing, layout):
    """{comment pk: "?kommentarer=<page>&svar=<top>#kommentar-<pk>"} for the shown list,
    as comments/threads.py address_of gives it one comment at a time."""
    found = {}
    for index, top in enumerate(listing.tops):
        page = index // layout.per_page + 1
        params = [f"{PAGE_PARAM}={page}"] if page > 1 else []
        found[top.pk] = _address(params, top.pk)
        for position, reply in enumerate(listing.replies.get(top.pk, [])):
            folded = [f"{UNFOLD_PARAM}={top.pk}"] if position >= layout.replies_shown else []
            found[reply.pk] = _address(params + folded, reply.pk)
    return found


def _address(params, pk):
    return ("?" + "&".join(params) if params else "") + f"#kommentar-{pk}"


def _entry(comment, post_url, address):
    name = xml_safe(display_name_of(comment.author))
    if comment.answer_role:
        title = _("Answer from MR-bloggen (%(name)s)") % {"name": name}
    else:
        title = _("Comment from %(name)s") % {"name": name}
    return {
        "title": title, "name": name, "created_at": comment.created_at,
        "html": escape(xml_safe(comment.text)).replace("\n", "<br>"),
        "link": public_url(post_url + address),
        "guid": public_url(reverse("comments:permalink", args=[comment.pk])),
    }


def entries(post):
    """The post's newest published comments as the feeds show them (cached)."""
    def build():
        listing = comment_list(post.pk)
        found = addresses(listing, Layout.of(CommentSettings.load()))
        newest = (
            Comment.objects.filter(post_id=post.pk, deleted_at__isnull=True).published()
            .filter(SHOWN).select_related(*SHOWN_RELATED).order_by("-created_at", "-pk")
        )[:FEED_LENGTH]
        post_url = post.url or "/"
        return [_entry(c, post_url, found.get(c.pk, f"#kommentar-{c.pk}")) for c in newest]

    return fragments.get_or_build(
        f"comment-feed:{post.pk}:{get_language()}",
        [post_generation(post.pk), READERS, fragments.SITE], build,
    )


class PostCommentsFeed(Feed):
    def __init__(self, post):
        super().__init__()
        self.post = post

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return _("Comments on “%(title)s” – MR-bloggen") % {"title": xml_safe(self.post.title)}

    def link(self):
        return public_url((self.post.url or "/") + "#kommentarer")

    def feed_url(self):
        return public_url(self.request.path)

    def description(self):
        return _("The published comments on a post on MR-bloggen, newest first.")

    def items(self):
        return entries(self.post)

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["html"]

    def item_link(self, item):
        return item["link"]

    def item_guid(self, item):
        return item["guid"]

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        return item["created_at"]

    def item_author_name(self, item):
        return item["name"]


class PostCommentsAtomFeed(PostCommentsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


def _public_post(post_id):
    if post_id > LARGEST_ID:
        raise Http404
    post = get_object_or_404(BlogPost.objects.live(), pk=post_id)
    if not is_public(post):
        raise Http404
    return post


@require_GET
def comments_rss(request, post_id):
    return PostCommentsFeed(_public_post(post_id))(request)


@require_GET
def comments_atom(request, post_id):
    return PostCommentsAtomFeed(_public_post(post_id))(request)


def feed_urls(post):
    """The post's feed addresses, or None when it has none (unsaved, restricted)."""
    if post.pk is None or not post.live or not is_public(post):
        return None
    return {
        "rss": reverse("comments:feed_rss", args=[post.pk]),
        "atom": reverse("comments:feed_atom", args=[post.pk]),
    }
