"""The one seam between commenting and moderation.

`comment_submitted` is sent inside the transaction that stores a new comment, after the
row exists. A receiver (moderation's screening) may change `comment.status` and save it;
`comments` itself never imports `moderation`.
"""

from django.dispatch import Signal

comment_submitted = Signal()  # kwargs: comment
