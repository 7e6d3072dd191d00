"""The discussion under a post: its comments and form, and the comment rules
(templates/comments/discussion.html puts them together for blog's post template)."""

from django import template
from django.urls import reverse

from mrblogg.fragments import cached_setting

from ..closure import closure_of
from ..forms import CommentForm
from ..listing import comments_shown_to
from ..models import Comment, CommentSettings
from ..rendering import render_comment_text
from ..rules import published_rules
from ..services import verified_and_suspended

register = template.Library()


@register.filter
def comment_html(text):
    return render_comment_text(text)


@register.inclusion_tag("comments/comment_area.html", takes_context=True)
def comment_area(context, post):
    request = context["request"]
    user = request.user
    settings = cached_setting(CommentSettings)
    area = {
        "request": request, "post": post, "user": user, "settings": context.get("settings"),
        # The privacy link under the form is a fragment kept per site generation.
        "site_generation": context.get("site_generation"),
    }
    if post.pk is None:  # a preview of a post not yet saved
        return {**area, "comments": [], "published_count": 0}
    shown = comments_shown_to(user, post.pk)
    count = shown.counting_toward_limit if settings.max_comments_per_post else 0
    closure = closure_of(post, settings, count, closed_by_editor=shown.closed_by_editor)
    area.update(
        comments=shown.comments,
        comments_html=shown.html,
        published_count=sum(c.status == Comment.Status.PUBLISHED for c in shown.comments),
        closed=closure is not None,
        max_length=settings.max_length,
        login_url=reverse("account_login") + f"?next={post.url}%23kommentarer",
        signup_url=reverse("account_signup") + f"?next={post.url}%23kommentarer",
    )
    if closure is None and user.is_authenticated:
        area["verified"], area["suspended"] = verified_and_suspended(user)
        if area["verified"] and not area["suspended"]:
            area["form"] = getattr(request, "comment_form", None) or CommentForm(
                max_length=settings.max_length
            )
    return area


@register.inclusion_tag("comments/includes/rules.html")
def comment_rules(heading_level=2):
    """The published comment rules; `heading_level` 2 or 3 gives them a heading, 0 none."""
    return {"published": published_rules(), "heading_level": heading_level}
