"""Each post's comment count: in the admin's page listing, and in the blog's listings
(through blog's "annotate_post_listing" hook, blog/models.py)."""

from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from blog.models import LISTING_HOOK, BlogPost

from .listing import published_counts
from .models import Comment


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
