"""The discussion under a post: its comments and form, and the comment rules
(templates/comments/discussion.html puts them together for blog's post template)."""

from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.http import urlencode

from mrblogg.fragments import cached_setting
from mrblogg.security import has_totp

from ..closure import closure_of
from ..forms import CommentForm
from ..listing import comment_list
from ..models import CommentSettings
from ..rendering import render_comment_text
from ..replies import blog_role
from ..rules import published_rules
from ..services import verified_and_suspended
from ..threads import PAGE_PARAM, REPLY_PARAM, Layout, discussion_for, number

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
        return {**area, "threads": [], "published_count": 0}
    listing = comment_list(post.pk)
    count = listing.counting_toward_limit if settings.max_comments_per_post else 0
    closure = closure_of(post, settings, count, closed_by_editor=listing.closed_by_editor)
    form = getattr(request, "comment_form", None)
    wanted = _reply_wanted(form, request.GET) if closure is None else None
    shown = discussion_for(user, post.pk, Layout.of(settings), request.GET, closure is None,
                           listing, reply_to=wanted)
    area.update(
        threads=shown.threads, discussion_html=shown.html, page=shown.page, pages=shown.pages,
        published_count=shown.published_count, closed=closure is not None,
        replies_open=closure is None, max_length=settings.max_length, viewer_id=user.pk,
        reply_to=_reply_target(shown.threads, wanted),
    )
    area.update(_links(post, shown.page, area["reply_to"]))
    if closure is None and user.is_authenticated:
        area.update(_form(request, post, settings, form, area["reply_to"]))
    return area


def _reply_wanted(form, query):
    """The comment the form answers: sent back with errors, or `?svara=`; None for none."""
    if form is not None:
        return number(form.data.get("parent") if form.is_bound else form.initial.get("parent"))
    return number(query.get(REPLY_PARAM))


def _reply_target(threads, wanted):
    """The shown comment the form goes under, or None (not on this page: the form stays at
    the foot of the list)."""
    for thread in threads:
        for comment in [thread.top, *thread.replies]:
            if comment.pk == wanted and comment.status == "published":
                return comment
    return None


def _links(post, page, reply_to):
    params = {PAGE_PARAM: page} if page > 1 else {}
    anchor = "kommentarer"
    if reply_to is not None:
        params[REPLY_PARAM] = reply_to.pk
        anchor = f"svara-{reply_to.pk}"
    here = post.url + (f"?{urlencode(params)}" if params else "") + f"#{anchor}"
    page_query = f"?{PAGE_PARAM}={page}" if page > 1 else ""
    return {
        "login_url": reverse("account_login") + "?next=" + quote(here, safe="/"),
        "signup_url": reverse("account_signup") + "?next=" + quote(here, safe="/"),
        "page_query": page_query,
        "reply_anchor": anchor,
        "form_query": page_query + (
            f"{'&' if page_query else '?'}{REPLY_PARAM}={reply_to.pk}" if reply_to else ""
        ),
    }


def _form(request, post, settings, form, reply_to):
    user = request.user
    verified, suspended = verified_and_suspended(user)
    area = {"verified": verified, "suspended": suspended}
    if verified and not suspended:
        as_blog = bool(blog_role(user, post)) and has_totp(user)
        area["form"] = form or CommentForm(
            max_length=settings.max_length, blog_answer=as_blog,
            initial={"parent": reply_to.pk if reply_to else None},
        )
    return area


@register.inclusion_tag("comments/includes/rules.html")
def comment_rules(heading_level=2):
    """The published comment rules; `heading_level` 2 or 3 gives them a heading, 0 none."""
    return {"published": published_rules(), "heading_level": heading_level}
