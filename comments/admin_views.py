"""The admin page behind "Stäng för kommentarer" / "Öppna för kommentarer" on a post: asks,
then closes or reopens the post's discussion (comments/closure.py)."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from blog.models import BlogPost

from . import closure
from .models import Discussion

CLOSE_LABEL = gettext_lazy("Close for comments")
REOPEN_LABEL = gettext_lazy("Open for comments")


def may_close(user, post):
    """Whoever may edit the post, and information officers (the moderation permission)."""
    return user.has_perm("comments.change_comment") or post.permissions_for_user(user).can_edit()


class DiscussionClosureView(WagtailAdminTemplateMixin, TemplateView):
    """GET asks, POST (with `closed` 1 or 0) closes or reopens and goes back."""

    template_name = "comments/admin/closure.html"
    header_icon = "comment"

    def dispatch(self, request, page_id):
        self.post_page = get_object_or_404(BlogPost, pk=page_id)
        if not may_close(request.user, self.post_page):
            raise PermissionDenied
        self.closed = Discussion.closed_by_editor(self.post_page.pk)
        return super().dispatch(request, page_id)

    def post(self, request, page_id):
        if request.POST.get("closed") == "1":
            closure.close(self.post_page, request.user)
            messages.success(request, _("Comments on the post were closed."))
        else:
            closure.reopen(self.post_page, request.user)
            messages.success(request, _("Comments on the post were reopened."))
        return redirect(self.next_url())

    def next_url(self):
        url = self.request.POST.get("next") or self.request.GET.get("next")
        if url and url_has_allowed_host_and_scheme(url, {self.request.get_host()}):
            return url
        return reverse("wagtailadmin_pages:edit", args=[self.post_page.pk])

    def get_page_title(self):
        return REOPEN_LABEL if self.closed else CLOSE_LABEL

    def get_page_subtitle(self):
        return self.post_page.title

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "post": self.post_page,
            "closed": self.closed,
            "next": self.next_url(),
        }
