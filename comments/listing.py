"""The comment list under a post, cheap however many comments it has.

The published comments of a post — author name, time and the text already rendered to
safe HTML — are kept in the fragment cache (mrblogg/fragments.py) under two generations:
one per post, new whenever a comment of the post is written, changes status or is deleted,
and one for all readers, new whenever a display name can have changed. A page then costs
no query for its comments once the list is built; a logged-in reader adds one query for
their own comments that wait for review. Whether an editor closed the post is kept with the
list (comments/closure.py renews the post's generation when it changes). The same receivers
clear the page cache when a published comment appears or disappears.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.translation import get_language

from blog.models import BlogPost
from mrblogg import fragments
from mrblogg.cache import clear_page_cache

from .models import Comment, Discussion, ReaderProfile, display_name_of
from .rendering import render_comment_text

READERS = "comment-authors"
BODY_TEMPLATE = "comments/includes/comment_body.html"


def post_generation(post_pk):
    return f"comments:{post_pk}"


@dataclass(frozen=True)
class ShownComment:
    """A comment as the page shows it (no personal data beyond the display name), with the
    part every reader sees already rendered: the template then costs a few microseconds a
    comment instead of three date formats and two translations."""

    pk: int
    author_id: int
    created_at: datetime
    status: str
    body_html: str

    @classmethod
    def of(cls, comment):
        body = {
            "author_display_name": str(display_name_of(comment.author)),
            "created_at": comment.created_at,
            "status": comment.status,
            "html": render_comment_text(comment.text),  # safe HTML (rendering.py)
        }
        return cls(
            pk=comment.pk,
            author_id=comment.author_id,
            created_at=comment.created_at,
            status=comment.status,
            # SafeString: escaped by the template engine, and kept as such when pickled.
            body_html=render_to_string(BODY_TEMPLATE, {"comment": body}),
        )


ITEMS_TEMPLATE = "comments/includes/comment_items.html"


@dataclass(frozen=True)
class CommentList:
    published: list
    # The published comments as every reader sees them who wrote none of them: one string.
    published_html: str
    counting_toward_limit: int
    closed_by_editor: bool


@dataclass(frozen=True)
class ShownList:
    """What one reader sees under a post."""

    comments: list  # ShownComment, in the order written
    html: str  # the whole list rendered, or "" when it has comments of the reader's own
    counting_toward_limit: int
    closed_by_editor: bool


def _limit_and_closure(post_pk):
    """(comments counting toward the post's limit, closed by an editor): one query."""
    counting = (
        Comment.objects.filter(post_id=OuterRef("pk")).counting_toward_limit().order_by()
        .values("post_id").annotate(n=Count("pk")).values("n")
    )
    row = BlogPost.objects.filter(pk=post_pk).values(
        n=Coalesce(Subquery(counting), 0),
        closed=Exists(Discussion.objects.filter(post_id=OuterRef("pk"), closed=True)),
    ).first()
    return (row["n"], row["closed"]) if row else (0, False)


def _build(post_pk):
    published = [
        ShownComment.of(c) for c in Comment.objects.filter(post_id=post_pk).published()
        .select_related("author__reader_profile")
    ]
    counting, closed = _limit_and_closure(post_pk)
    return CommentList(
        published=published,
        published_html=render_to_string(ITEMS_TEMPLATE, {"comments": published}),
        counting_toward_limit=counting,
        closed_by_editor=closed,
    )


def comment_list(post_pk):
    return fragments.get_or_build(
        # "comment-list:", not "discussion:" (before the "Report" links) nor "comments:"
        # (before the closure joined the list): a list kept under an old name lacks a part
        # and is never read.
        f"comment-list:{post_pk}:{get_language()}", [post_generation(post_pk), READERS],
        lambda: _build(post_pk),
    )


def comments_shown_to(user, post_pk):
    """The published comments and the reader's own that wait for review."""
    listing = comment_list(post_pk)
    shown, html = listing.published, listing.published_html
    if user.is_authenticated:
        own = Comment.objects.filter(post_id=post_pk, author=user).pending().select_related(
            "author__reader_profile"
        )
        own = [ShownComment.of(c) for c in own]
        if own:
            shown = sorted(shown + own, key=lambda c: (c.created_at, c.pk))
        if own or any(c.author_id == user.pk for c in shown):
            html = ""  # the reader's own get a "Delete" link: rendered for them
    return ShownList(shown, html, listing.counting_toward_limit, listing.closed_by_editor)


def published_counts(post_pks):
    """How many published comments each post has, for a listing of posts: kept in the
    fragment cache under each post's generation (renewed whenever one of its comments
    changes), and those not kept fetched in one query, however many posts are asked for."""
    cache = fragments.fragment_cache()
    keys = {
        pk: f"fragment:comment-count:{pk}:{fragments.generation(post_generation(pk))}"
        for pk in post_pks
    }
    found = cache.get_many(list(keys.values()))
    counts = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in counts]
    if missing:
        fetched = dict(
            Comment.objects.filter(post_id__in=missing).published().order_by()
            .values("post_id").annotate(n=Count("pk")).values_list("post_id", "n")
        )
        fresh = {pk: fetched.get(pk, 0) for pk in missing}
        cache.set_many({keys[pk]: n for pk, n in fresh.items()}, fragments.timeout())
        counts.update(fresh)
    return counts


# One receiver per event renews both caches: the post's comment list (its generation) and,
# when readers see the change, the page cache (mrblogg/cache.py).
@receiver(post_save, sender=Comment, dispatch_uid="comments.listing.saved")
def comment_saved(sender, instance, update_fields=None, **kwargs):
    fragments.bump(post_generation(instance.post_id))
    # Published, or moved away from published (rejected, undone): readers see a change.
    if instance.status == Comment.Status.PUBLISHED or "status" in (update_fields or ()):
        clear_page_cache()


@receiver(post_delete, sender=Comment, dispatch_uid="comments.listing.deleted")
def comment_deleted(sender, instance, **kwargs):
    fragments.bump(post_generation(instance.post_id))
    if instance.status == Comment.Status.PUBLISHED:
        clear_page_cache()


@receiver(post_save, sender=ReaderProfile, dispatch_uid="comments.listing.profile")
@receiver(post_delete, sender=ReaderProfile, dispatch_uid="comments.listing.profile_deleted")
def display_name_changed(sender, **kwargs):
    fragments.bump(READERS)


@receiver(post_save, sender=get_user_model(), dispatch_uid="comments.listing.user")
def user_changed(sender, created=False, update_fields=None, **kwargs):
    # Names can stand in for a missing display name. A new account has no comments yet and
    # a login (last_login only) changes no name.
    if created:
        return
    if update_fields is None or set(update_fields) - {"last_login", "password"}:
        fragments.bump(READERS)
