"""Admin: each post's comment count in the page listing."""

from django.db.models import Count, Q
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from blog.models import BlogPost

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
