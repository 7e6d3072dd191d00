"""One reader's view of a post's discussion: the page of top comments asked for, replies
folded after the first few, the reply form under the comment it answers; and the address of
each comment (the page it is on and its anchor).

Everything here works on the cached list (comments/listing.py) and costs no query, except
one for a logged-in reader's own comments that wait for review. Pages and folding work
without JavaScript: `?kommentarer=<page>`, `?svar=<top>` (all replies of one comment),
`?svara=<comment>` (the reply form under that comment).
"""

import math
from dataclasses import dataclass, field

from django.template.loader import render_to_string

from .listing import PAGE_TEMPLATE, comment_list, page_html, shown
from .models import Comment

PAGE_PARAM, UNFOLD_PARAM, REPLY_PARAM = "kommentarer", "svar", "svara"


@dataclass
class Thread:
    top: object  # ShownComment
    replies: list = field(default_factory=list)  # the replies shown
    folded: int = 0  # replies behind "Visa fler svar"


@dataclass(frozen=True)
class Layout:
    per_page: int
    replies_shown: int

    @classmethod
    def of(cls, comment_settings):
        return cls(max(1, comment_settings.comments_per_page), comment_settings.replies_shown)

    def pages(self, n_tops):
        return max(1, math.ceil(n_tops / self.per_page))


@dataclass
class ShownDiscussion:
    threads: list
    html: str  # the page rendered as every reader sees it, or "" when rendered for one reader
    page: int
    pages: int
    published_count: int
    counting_toward_limit: int
    closed_by_editor: bool


def number(value):
    """A positive whole number from the query string, or None (garbage, huge, negative)."""
    value = str(value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    return int(value) or None


def _threads(listing, tops, layout, unfold, own_replies):
    threads = []
    for top in tops:
        replies = listing.replies.get(top.pk, [])
        keep = len(replies) if unfold == top.pk else layout.replies_shown
        threads.append(Thread(top, replies[:keep] + own_replies.get(top.pk, []),
                              max(0, len(replies) - keep)))
    return threads


def discussion_for(user, post_pk, layout, query, replies_open, listing=None, reply_to=None):
    """What `user` sees under post `post_pk` for the query string `query`, with the reply
    form under comment `reply_to` (None: no reply form in the list)."""
    listing = listing or comment_list(post_pk)
    pages = layout.pages(len(listing.tops))
    page = min(number(query.get(PAGE_PARAM)) or 1, pages)
    tops = listing.tops[(page - 1) * layout.per_page:page * layout.per_page]
    own_tops, own_replies = _own_pending(user, post_pk, listing)
    if page == pages:
        tops = tops + own_tops  # newer than every published one: on the last page
    unfold = number(query.get(UNFOLD_PARAM))
    threads = _threads(listing, tops, layout, unfold, own_replies)
    personal = own_tops or own_replies or unfold or reply_to or (
        user.is_authenticated and _wrote_any(user, threads)
    )
    html = "" if personal else page_html(
        post_pk, f"{page}:{pages}:{layout.per_page}:{layout.replies_shown}:{int(replies_open)}",
        lambda: render_to_string(PAGE_TEMPLATE, {
            "threads": threads, "page": page, "pages": pages, "replies_open": replies_open,
        }),
    )
    return ShownDiscussion(threads, html, page, pages, listing.published_count,
                           listing.counting_toward_limit, listing.closed_by_editor)


def _wrote_any(user, threads):
    return any(
        c.author_id == user.pk for t in threads for c in [t.top, *t.replies]
    )


def _own_pending(user, post_pk, listing):
    """The reader's own comments that wait for review: (top comments, {top pk: replies})."""
    if not user.is_authenticated:
        return [], {}
    own = shown(Comment.objects.filter(post_id=post_pk, author=user).pending())
    published_tops = {c.pk for c in listing.tops}
    replies = {}
    for comment in own:
        if comment.parent_id in published_tops:
            replies.setdefault(comment.parent_id, []).append(comment)
    return [c for c in own if c.parent_id is None], replies


def address_of(comment, comment_settings):
    """The comment's place on its post's page: "?kommentarer=<page>&svar=<top>#kommentar-<pk>"
    (the page only when it is not the first, `svar` only when the reply is folded)."""
    layout = Layout.of(comment_settings)
    top = comment.parent or comment
    tops = Comment.objects.filter(post_id=comment.post_id).top_level().published()
    if top.status == Comment.Status.PUBLISHED:
        before = tops.filter(created_at__lt=top.created_at).count() + tops.filter(
            created_at=top.created_at, pk__lt=top.pk).count()
        page = before // layout.per_page + 1
    else:  # the reader's own waiting comment: on the last page
        page = layout.pages(tops.count())
    params = [f"{PAGE_PARAM}={page}"] if page > 1 else []
    if comment.parent_id is not None and comment.status == Comment.Status.PUBLISHED:
        earlier = Comment.objects.filter(parent_id=top.pk).published().filter(
            created_at__lte=comment.created_at).exclude(pk=comment.pk).count()
        if earlier >= layout.replies_shown:
            params.append(f"{UNFOLD_PARAM}={top.pk}")
    query = "?" + "&".join(params) if params else ""
    return f"{query}#kommentar-{comment.pk}"
