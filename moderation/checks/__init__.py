"""The rule checks: each module's `check(comment, settings)` returns a list of Results."""


def post_paragraphs(comment):
    """The text of the comment's post (title, intro, body blocks, tags), read once per comment."""
    cached = getattr(comment, "_screening_post_paragraphs", None)
    if cached is None:
        from .topic import post_paragraphs as read

        cached = comment._screening_post_paragraphs = read(comment.post)
    return cached
