"""Told when answered: a reader follows their comment, and each published answer to it
becomes one notice per follower, written in the transaction that publishes the answer.

Who is told (README, "Told when answered"): replies go one level deep, so every reply in a
thread answers its top comment. The followers of a top comment are told of every reply
published under it; the followers of a reply are told of the replies that answer that reply
by name (`Comment.answers`). A reader who follows both is told once per answer (a notice is
unique per answer and reader). Nobody is told of their own answer.

Where publishing happens: a blog answer is INSERTed as published (comments/signals.py
`store_blog_answer`), screening may publish a new comment at its INSERT, and an officer's
approval or undo saves the status (moderation/actions.py). All of them save the Comment, so the
one seam is `post_save` on Comment (its receiver is in comments/notify.py, beside the task it
queues), which runs inside their transactions: the notices commit
or roll back with the publication, and `comments` never imports `moderation`. Saving the same
answer as published again (approved, undone, approved again) adds nothing: the unique
constraint and `ignore_conflicts` keep one notice per answer and reader.
"""

from django.db.models import Q

from .models import Follow


def follow(comment, reader):
    """`reader` follows `comment` (their own, as they write it); the existing follow when
    they already do."""
    row, _created = Follow.objects.get_or_create(reader=reader, comment=comment)
    return row


def followed_by_answer(answer):
    """The ids of the comments whose followers `answer` is an answer to."""
    return [pk for pk in (answer.parent_id, answer.answers_id) if pk]


def covering_follow(answer, reader_id):
    """The follow that makes `reader_id` a follower of `answer` (the reply it answers by name
    before the top comment), or None when they no longer follow."""
    follows = {
        f.comment_id: f
        for f in Follow.objects.filter(reader_id=reader_id, comment_id__in=followed_by_answer(answer))
    }
    return follows.get(answer.answers_id) or follows.get(answer.parent_id)


def follows_of(reader):
    """What `reader` follows, newest first, with each comment's post (one query)."""
    return (
        Follow.objects.filter(reader=reader)
        .select_related("comment__post")
        .order_by("-created_at", "-pk")
    )


def stop_following(*, token=None, reader=None, pk=None):
    """Delete one follow: by its unsubscribe token (no login), or the reader's own by id.
    True when one was deleted. Notices still waiting for it are not sent (notify.py looks
    for the follow when it hands a notice over)."""
    if token is not None:
        condition = Q(token=token)
    else:
        condition = Q(reader=reader, pk=pk)
    deleted, _ = Follow.objects.filter(condition).delete()
    return deleted > 0


def follows_data(reader):
    """What `reader` follows, as plain data for the download of their data."""
    return [
        {"comment": f.comment_id, "post": f.comment.post.title, "since": f.created_at.isoformat()}
        for f in follows_of(reader)
    ]
