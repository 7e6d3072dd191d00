"""Replay comments through the real screening and print each decision (other tools rely on
this interface; see the README).

    python manage.py screen_replay FILE [--checks all|lists|model]

FILE holds JSON Lines, each
{"id": str, "author": str, "text": str, "at": ISO-8601,
 "post": {"title": str, "intro": str, "body": str, "tags": [str]}}  (or "post_slug": str).
Every line is checked before anything runs; a malformed one stops the command with an
error naming its line number. The replay runs inside a transaction that is rolled back:
nothing of the database changes. Settings are those of a fresh install; word lists and
organisations are the database's. Output: one JSON line per input,
{"id": str, "decision": "pending"|"spam"|"published", "rules": [str], "score": number}.
--checks runs every check (all, the default), all but the learned model (lists), or the
model alone (model), so the bench can measure each part.
"""

import datetime
import itertools
import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text import RichText

from blog.models import BlogIndexPage, BlogPost
from comments.models import Comment
from comments.text import normalise
from moderation.checks import learned
from moderation.models import ModerationSettings
from moderation.rules import RULE_KEYS
from moderation.screening import CHECKS, screen

CHECK_SETS = {
    "all": CHECKS,
    "lists": tuple(check for check in CHECKS if check is not learned.check),
    "model": (learned.check,),
}


class Malformed(Exception):
    pass


@dataclass
class Entry:
    line: int
    id: str
    author: str
    text: str
    at: datetime.datetime
    post: dict | None
    post_slug: str | None


def _string(data, key, required=True):
    value = data.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise Malformed(f'"{key}" must be a non-empty string')
    return value


def parse_time(value):
    if not isinstance(value, str):
        raise Malformed('"at" must be an ISO-8601 time')
    try:
        at = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        raise Malformed(f'"at" is not an ISO-8601 time: {value!r}') from None
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    return at


def parse_line(number, raw):
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as error:
        raise Malformed(f"not valid JSON ({error.msg})") from None
    if not isinstance(data, dict):
        raise Malformed("each line must be a JSON object")
    post, slug = data.get("post"), data.get("post_slug")
    if (post is None) == (slug is None):
        raise Malformed('give exactly one of "post" and "post_slug"')
    if post is not None:
        if not isinstance(post, dict):
            raise Malformed('"post" must be an object')
        _string(post, "title")
        for key in ("intro", "body"):
            _string(post, key, required=False)
        tags = post.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise Malformed('"post.tags" must be a list of strings')
    elif not isinstance(slug, str) or not slug:
        raise Malformed('"post_slug" must be a non-empty string')
    return Entry(
        line=number, id=_string(data, "id"), author=_string(data, "author"),
        text=_string(data, "text"), at=parse_time(data.get("at")), post=post, post_slug=slug,
    )


def read_entries(path):
    entries = []
    try:
        with open(path, encoding="utf-8") as handle:
            for number, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    entries.append(parse_line(number, raw))
                except Malformed as error:
                    raise CommandError(f"{path}, line {number}: {error}") from None
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text") from None
    return entries


class Scratch:
    """Authors and posts made on the fly inside the rolled-back transaction."""

    def __init__(self):
        self.authors, self.posts = {}, {}
        self.seq = itertools.count(1)
        self.index = None

    def author(self, name, at=None):
        """The account of `name`, made at its first comment's time (`at`): an account is
        as old as the replay has known it, so account age weighs as it would have."""
        if name not in self.authors:
            User = get_user_model()
            user = User(username=f"replay-{next(self.seq)}-{name}"[:150], first_name=name[:150])
            if at is not None:
                user.date_joined = at
            user.set_unusable_password()
            user.save()
            self.authors[name] = user
        return self.authors[name]

    def blog_index(self):
        if self.index is None:
            self.index = BlogIndexPage.objects.first()
            if self.index is None:
                root = Page.get_first_root_node()
                self.index = root.add_child(
                    instance=BlogIndexPage(title="Replay", slug=f"replay-{next(self.seq)}")
                )
        return self.index

    def post(self, spec):
        key = json.dumps(spec, sort_keys=True)
        if key not in self.posts:
            paragraphs = [p.strip() for p in spec.get("body", "").split("\n\n") if p.strip()]
            post = BlogPost(
                title=spec["title"], slug=f"replay-post-{next(self.seq)}",
                # A post needs an intro; "…" stands in for a missing one and normalises away.
                intro=spec.get("intro", "")[:600] or "…",
                body=[("paragraph", RichText(f"<p>{escape(p)}</p>")) for p in paragraphs],
            )
            post.tags.add(*spec.get("tags", []))  # kept in memory until add_child saves
            self.blog_index().add_child(instance=post)
            self.posts[key] = post
        return self.posts[key]


class Command(BaseCommand):
    help = "Replay JSON Lines of comments through screening; print one JSON decision a line."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--checks", choices=sorted(CHECK_SETS), default="all",
                            help="all checks (default), the lists alone, or the model alone")

    def handle(self, *args, **options):
        entries = read_entries(options["file"])
        posts_by_slug = {}
        for entry in entries:
            if entry.post_slug and entry.post_slug not in posts_by_slug:
                post = BlogPost.objects.filter(slug=entry.post_slug).first()
                if post is None:
                    raise CommandError(
                        f"{options['file']}, line {entry.line}: no post with slug {entry.post_slug!r}"
                    )
                posts_by_slug[entry.post_slug] = post
        settings = ModerationSettings()  # the defaults of a fresh install, never saved
        with transaction.atomic():
            scratch = Scratch()
            for entry in entries:
                post = posts_by_slug[entry.post_slug] if entry.post_slug else scratch.post(entry.post)
                result = replay(entry, post, scratch, settings, CHECK_SETS[options["checks"]])
                self.stdout.write(json.dumps(result, ensure_ascii=False))
            transaction.set_rollback(True)


def replay(entry, post, scratch, settings, checks=CHECKS):
    comment = Comment.objects.create(
        post=post, author=scratch.author(entry.author, entry.at), text=normalise(entry.text),
    )
    # created_at is set on insert; the replay runs at the time the line gives.
    Comment.objects.filter(pk=comment.pk).update(created_at=entry.at)
    comment.created_at = entry.at
    results = screen(comment, settings=settings, checks=checks)
    found = {r.rule for r in results}
    return {
        "id": entry.id,
        "decision": str(comment.status),
        "rules": [key for key in RULE_KEYS if key in found],
        "score": round(sum(r.score for r in results), 3),
    }
