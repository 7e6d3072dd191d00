"""The comment list under a post, cheap however many comments it has.

The published comments of a post — author name, time, whom a reply answers, the blog's mark
and the text already rendered to safe HTML, the replies grouped under their top comment — are
kept in the fragment cache (mrblogg/fragments.py) under two generations:
one per post, new whenever a comment of the post is written, changes status or is deleted,
and one for all readers, new whenever a display name can have changed. A page then costs
no query for its comments once the list is built (each page of it is kept rendered too,
comments/threads.py); a logged-in reader adds one query for
their own comments that wait for review. Whether an editor closed the post is kept with the
list (comments/closure.py renews the post's generation when it changes). The same receivers
clear the page cache when a published comment appears or disappears.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, Subquery
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
PAGE_TEMPLATE = "comments/includes/comment_page.html"


def post_generation(post_pk):
    return f"comments:{post_pk}"


@dataclass(frozen=True)
class ShownComment:
    """A comment as the page shows it (no personal data beyond the display name), with the
    part every reader sees already rendered: the template then costs a few microseconds a
    comment instead of three date formats and two translations."""

    pk: int
    author_id: int
    parent_id: int | None
    created_at: datetime
    status: str
    author_name: str
    blog_answer: bool
    body_html: str

    @classmethod
    def of(cls, comment):
        answered = comment.answers if comment.answers_id else comment.parent
        body = {
            "author_display_name": str(display_name_of(comment.author)),
            "created_at": comment.created_at,
            "status": comment.status,
            "html": render_comment_text(comment.text),  # safe HTML (rendering.py)
            "reply_to": str(display_name_of(answered.author)) if answered else "",
            "answer_role": comment.get_answer_role_display() if comment.answer_role else "",
        }
        return cls(
            pk=comment.pk,
            author_id=comment.author_id,
            parent_id=comment.parent_id,
            created_at=comment.created_at,
            status=comment.status,
            author_name=body["author_display_name"],
            blog_answer=bool(comment.answer_role),
            # SafeString: escaped by the template engine, and kept as such when pickled.
            body_html=render_to_string(BODY_TEMPLATE, {"comment": body}),
        )


# Published comments are shown when they are top comments or answer a published one.
SHOWN = Q(parent__isnull=True) | Q(parent__status=Comment.Status.PUBLISHED)
# What a shown comment needs of the comments around it: one query with joins.
SHOWN_RELATED = (
    "author__reader_profile", "parent__author__reader_profile", "answers__author__reader_profile",
)


def shown(queryset):
    return [ShownComment.of(c) for c in queryset.select_related(*SHOWN_RELATED)]


@dataclass(frozen=True)
class CommentList:
    """A post's published discussion: top comments in the order written, and the published
    replies under each published top comment (a reply under an unpublished one is not
    shown: it would answer nothing anyone can read)."""

    tops: list
    replies: dict  # top comment pk -> [ShownComment], in the order written
    published_count: int
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
    published = shown(Comment.objects.filter(post_id=post_pk).published().filter(SHOWN))
    tops = [c for c in published if c.parent_id is None]
    replies = {}
    for comment in published:
        if comment.parent_id is not None:
            replies.setdefault(comment.parent_id, []).append(comment)
    counting, closed = _limit_and_closure(post_pk)
    return CommentList(tops, replies, len(published), counting, closed)


def comment_list(post_pk):
    return fragments.get_or_build(
        # "thread-list:", not "comment-list:" (before replies) nor "discussion:" or
        # "comments:": a list kept under an old name lacks a part and is never read.
        f"thread-list:{post_pk}:{get_language()}", [post_generation(post_pk), READERS],
        lambda: _build(post_pk),
    )


def page_html(post_pk, page_key, build):
    """One page of the discussion as every reader sees it who wrote none of it: rendered
    once per change (`page_key` names the page, whether replies are open, the settings)."""
    return fragments.get_or_build(
        f"thread-page:{post_pk}:{get_language()}:{page_key}",
        [post_generation(post_pk), READERS], build,
    )


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
            Comment.objects.filter(post_id__in=missing).published().filter(SHOWN)
            .order_by()
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
