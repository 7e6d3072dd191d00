"""Comments in the Wagtail admin: each post's comment count in the page listing and in the
blog's listings (through blog's "annotate_post_listing" hook, blog/models.py); closing and
reopening a post's discussion from the page editor and the page listing, and its log."""

from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from blog.models import LISTING_HOOK, BlogPost

from . import closure
from .admin_views import CLOSE_LABEL, REOPEN_LABEL, DiscussionClosureView, may_close
from .listing import published_counts
from .models import Comment, Discussion


@hooks.register("register_page_listing_buttons")
def comment_count_button(page, user, next_url=None):
    if not isinstance(page.specific_deferred, BlogPost):
        return
    counts = Comment.objects.filter(post_id=page.pk).aggregate(
        published=Count("pk", filter=Q(status=Comment.Status.PUBLISHED)),
        pending=Count("pk", filter=Q(status=Comment.Status.PENDING)),
    )
    count, pending = counts["published"], counts["pending"]
    label = ngettext("%(n)s comment", "%(n)s comments", count) % {"n": count}
    if pending:
        label += ngettext(" (%(n)s waiting)", " (%(n)s waiting)", pending) % {"n": pending}
    yield ListingButton(label, page.url + "#kommentarer" if page.url else "#", priority=60)


@hooks.register(LISTING_HOOK)
def comment_counts_in_listing(posts, request):
    counts = published_counts([post.pk for post in posts])
    for post in posts:
        count = counts.get(post.pk, 0)
        label = ngettext("%(n)s comment", "%(n)s comments", count) % {"n": count}
        post.listing_meta.append(
            format_html('<a href="{}#kommentarer">{}</a>', post.get_url(request), label)
        )


@hooks.register("register_admin_urls")
def discussion_urls():
    return [
        path("kommentarer/stangning/<int:page_id>/", DiscussionClosureView.as_view(),
             name="comments_discussion_closure"),
    ]


def _closure_button(page, user, next_url, priority):
    post = page.specific_deferred
    if not isinstance(post, BlogPost) or not may_close(user, post):
        return None
    label = REOPEN_LABEL if Discussion.closed_by_editor(page.pk) else CLOSE_LABEL
    url = reverse("comments_discussion_closure", args=[page.pk])
    if next_url:
        url += "?" + urlencode({"next": next_url})
    return ListingButton(label, url, icon_name="comment", priority=priority)


@hooks.register("register_page_header_buttons")
def closure_header_button(page, user, view_name=None, next_url=None):
    button = _closure_button(page, user, next_url, priority=62)
    if button:
        yield button


@hooks.register("register_page_listing_more_buttons")
def closure_listing_button(page, user, next_url=None):
    button = _closure_button(page, user, next_url, priority=45)
    if button:
        yield button


@hooks.register("register_log_actions")
def closure_log_actions(actions):
    actions.register_action(closure.CLOSE, _("Close comments"), _("Comments closed"))
    actions.register_action(closure.REOPEN, _("Reopen comments"), _("Comments reopened"))


@hooks.register("after_copy_page")
def copy_keeps_the_closure(request, page, new_page):
    # A copy of a closed post is closed too, as it was when closure was a field of the page.
    if isinstance(new_page.specific_deferred, BlogPost) and Discussion.closed_by_editor(page.pk):
        closure.close(new_page, request.user)
