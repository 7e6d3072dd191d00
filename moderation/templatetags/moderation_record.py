"""Template tags of the record: where a comment stands against the time to decision."""

from django import template
from django.utils import timezone

from moderation import deadlines
from moderation.models import ModerationSettings

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_deadline(context, comment):
    """The comment's deadlines.Deadline now, or None once it is decided. The settings and
    "now" are read once per rendering, so a page of rows asks the database once."""
    if comment.status != comment.Status.PENDING:
        return None
    cached = context.render_context.get("moderation_deadline")
    if cached is None:
        request = context.get("request")
        cached = (ModerationSettings.load(request_or_site=request), timezone.now())
        context.render_context["moderation_deadline"] = cached
    moderation_settings, now = cached
    return deadlines.deadline(comment, now, moderation_settings)


@register.filter
def office_time(duration):
    """A timedelta of office time as "2 h 15 min"."""
    return deadlines.describe(duration)
