"""Posts, comments at a given time and screening for the screening tests."""

import datetime

from django.utils import timezone
from wagtail.rich_text import RichText

from comments.models import Comment
from moderation.checks.base import History, build_context
from moderation.models import ModerationSettings
from moderation.screening import screen
from tests.comments.factory import make_reader
from tests.factories import make_post

T0 = timezone.make_aware(datetime.datetime(2025, 3, 3, 9, 0))

HUMAN_RIGHTS_POST = {
    "title": "Barnets rättigheter i kommunens beslut",
    "intro": "Barnkonventionen är svensk lag. Hur gör kommuner och regioner barnrättsprövningar?",
    "paragraphs": [
        ("Sedan barnkonventionen blev lag ska barnets bästa utredas i alla beslut som rör barn. "
        "Många kommuner har tagit fram metoder för barnrättsbaserade beslut."),
        ("Vi har träffat handläggare inom socialtjänsten och skolan som berättar om hur de "
        "låter barn komma till tals och hur barnkonsekvensanalyser görs i praktiken."),
        "Nätverket för mänskliga rättigheter i kommuner och regioner träffas i Umeå i november.",
    ],
    "tags": ("barnkonventionen", "mänskliga rättigheter"),
}


def make_screening_post(title=None, intro="En ingress.", paragraphs=(), tags=()):
    return make_post(
        title=title, intro=intro, tags=tags,
        body=[("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs],
    )


def human_rights_post():
    return make_screening_post(**HUMAN_RIGHTS_POST)


def comment_at(post, text, author=None, at=None, status=Comment.Status.PENDING):
    """A comment written at `at` (created_at is set on insert, so it is moved afterwards)."""
    comment = Comment.objects.create(
        post=post, author=author or make_reader(), text=text, status=status,
    )
    at = at or timezone.now()
    Comment.objects.filter(pk=comment.pk).update(created_at=at)
    comment.created_at = at
    return comment


def screened(post, text, author=None, at=None, settings=None):
    """(comment, results) after screening a new comment with the given settings."""
    comment = comment_at(post, text, author=author, at=at)
    results = screen(comment, settings=settings or ModerationSettings())
    return comment, results


NO_HISTORY = History(since=T0, until=T0, recent=())


class Text:
    """Just what the checks read of a comment: its text, and no author or time stored."""

    pk = author_id = created_at = None

    def __init__(self, text):
        self.text = text


def context_of(comment, settings=None, paragraphs=(), history=None):
    """The screening context of one comment, for the test of one check (no post text
    unless given; the author's history from the index unless given)."""
    return build_context(comment, settings or ModerationSettings(), paragraphs=paragraphs,
                         history=history)


def rules_of(results):
    return {r.rule for r in results}


def hours(n):
    return datetime.timedelta(hours=n)
