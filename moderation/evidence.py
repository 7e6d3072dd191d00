"""Evidence for a police report: one comment, exported by an information officer as a plain
UTF-8 text file.

The file holds the comment's text exactly as the reader wrote it (between two marker lines,
nothing escaped or shortened), the post (title and address), the author's display name and
e-mail, the times in Stockholm time and UTC, what screening found and the decision trail
(who, when, what, the rules cited and the note). The export itself is logged
(record.EXPORT_EVIDENCE) in the same transaction that reads the trail.
"""

import datetime
import hashlib

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_POST
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from comments.models import Comment
from mrblogg.addresses import public_url

from .deadlines import OFFICE_TIME_ZONE
from .record import EXPORT_EVIDENCE, cited_rules, note_of, plain_message
from .rules import RULE_KEYS, get_rule

TEXT_STARTS = "----- 8< -----"
TEXT_ENDS = "----- >8 -----"


def both_times(moment):
    """"2026-12-01 21:30:05 CET (2026-12-01 20:30:05 UTC)"; "–" for no time."""
    if moment is None:
        return "–"
    local = moment.astimezone(OFFICE_TIME_ZONE)
    utc = moment.astimezone(datetime.UTC)
    return f"{local:%Y-%m-%d %H:%M:%S} {local.tzname()} ({utc:%Y-%m-%d %H:%M:%S} UTC)"


def file_name(comment, now):
    """A clear, plain-ASCII name: the comment's id and the day of the export."""
    return f"underlag-kommentar-{comment.pk}-{now.astimezone(OFFICE_TIME_ZONE):%Y-%m-%d}.txt"


def _field(label, value):
    return f"{label}: {value}"


def _heading(title):
    return ["", title.upper(), "=" * len(title)]


def _indented(text):
    """A note of several lines keeps the trail readable: its later lines are indented."""
    return "\n    ".join(text.splitlines())


def _post_lines(comment):
    post = comment.post
    address = public_url(post.url) if post.url else _("(the post is not published)")
    return _heading(_("The post")) + [_field(_("Title"), post.title), _field(_("Address"), address)]


def _author_lines(comment):
    author = comment.author
    return _heading(_("The author")) + [
        _field(_("Display name"), comment.author_display_name),
        _field(_("E-mail"), author.email or "–"),
        _field(_("Account"), f"{author.get_username()} (id {author.pk})"),
        _field(_("Account created"), both_times(author.date_joined)),
    ]


def _finding_lines(comment):
    lines = _heading(_("What screening found"))
    screening = getattr(comment, "screening", None)
    if screening is not None:
        lines.append(_field(_("Risk"), f"{screening.risk:.2f}"))
    findings = list(comment.findings.all())
    if not findings:
        lines.append(_("No check found anything."))
    for finding in findings:
        rule = get_rule(finding.rule).public_text if finding.rule in RULE_KEYS else finding.rule
        lines += [f"- {_field(_('Rule'), rule)}", f"  {_field(_('Reason'), finding.reason)}",
                  f"  {_field(_('Evidence'), finding.evidence or '–')}",
                  f"  {_field(_('Score'), f'{finding.score:.2f}')}"]
    return lines


def _trail_lines(comment):
    lines = _heading(_("Decision trail"))
    entries = (ModelLogEntry.objects.for_instance(comment)
               .select_related("user").order_by("timestamp", "pk"))
    for entry in entries:
        lines += [f"- {both_times(entry.timestamp)}", f"  {_field(_('By'), entry.user_display_name)}",
                  f"  {_field(_('What'), plain_message(entry))}"]
        if rules := cited_rules(entry):
            lines += [f"  {_field(_('Rules cited'), '')}".rstrip()] + [f"    * {r}" for r in rules]
        if note := note_of(entry):
            lines.append(f"  {_field(_('Note'), _indented(note))}")
    if len(lines) == 3:
        lines.append(_("No decision yet."))
    return lines


def evidence_text(comment, exported_by, now):
    """The file's content (str); Swedish headings, the reader's own words untouched."""
    lines = [
        _("Evidence for a police report – MR-bloggen"),
        _field(_("Exported"), both_times(now)),
        _field(_("Exported by"), exported_by.get_full_name() or exported_by.get_username()),
        *_heading(_("The comment")),
        _field(_("Comment id"), comment.pk),
        _field(_("Status"), comment.get_status_display()),
        _field(_("Written"), both_times(comment.created_at)),
        _field(_("Status changed"), both_times(comment.status_changed_at)),
        _field(_("Length (characters)"), len(comment.text)),
        _field(_("SHA-256 of the text (UTF-8)"), hashlib.sha256(comment.text.encode()).hexdigest()),
        _("The text exactly as written, between the two marker lines:"),
        TEXT_STARTS,
        comment.text,
        TEXT_ENDS,
        *_post_lines(comment),
        *_author_lines(comment),
        *_finding_lines(comment),
        *_trail_lines(comment),
    ]
    return "\n".join(str(line) for line in lines) + "\n"


def export(comment, user, now=None):
    """(file name, text) of the comment's evidence; the export is logged."""
    now = now or timezone.now()
    with transaction.atomic(), override("sv"):
        name = file_name(comment, now)
        text = evidence_text(comment, user, now)
        log(instance=comment, action=EXPORT_EVIDENCE, user=user, data={"file_name": name})
    return name, text


@require_POST
def export_view(request, pk):
    """POST only (the export is logged, a change); the permission is checked by the URL's
    wrapper in record_hooks."""
    comment = (Comment.objects.select_related("post", "author__reader_profile", "screening")
               .prefetch_related("findings").filter(pk=pk).first())
    if comment is None:
        messages.error(request, _("The comment no longer exists; there is nothing to export."))
        return redirect(reverse("wagtailsnippets_comments_comment:list"))
    name, text = export(comment, request.user)
    response = HttpResponse(text.encode("utf-8"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
