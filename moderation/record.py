"""The record of a comment's decisions: how each log entry reads in Wagtail's history of the
comment and in the evidence export (moderation/evidence.py).

A rejection's log data (moderation.actions.reject) is {"from", "to", "rules": [rule keys],
"note"}; an unpublishing after reports stores the same. The history names the rules by their
published Swedish wording and gives the note, in the message (the only thing Wagtail's history
of a comment shows) and as the entry's comment.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import LogFormatter

from .rules import RULE_KEYS, get_rule

EXPORT_EVIDENCE = "moderation.export_evidence"
# The reports' unpublishing (moderation/reports.py) cites rules as a rejection does.
UNPUBLISH = "moderation.unpublish"


def cited_rules(entry):
    """The published wording of each rule the entry cites; an unknown key as it was stored."""
    keys = (entry.data or {}).get("rules") or []
    return [str(get_rule(key).public_text) if key in RULE_KEYS else str(key) for key in keys]


def note_of(entry):
    return str((entry.data or {}).get("note") or "")


def quoted(texts):
    return "; ".join(f"”{text}”" for text in texts)


def plain_message(entry):
    """What the entry says without the rules (for the export, which lists them apart)."""
    formatter = entry.formatter
    if isinstance(formatter, RulesCitedFormatter):
        return str(formatter.said)
    return str(entry.message)


class RulesCitedFormatter(LogFormatter):
    """A decision that cites rules: the message names them, the comment is the note."""

    said = ""  # the message without the rules, e.g. "Comment rejected"

    def format_message(self, log_entry):
        # Wagtail's history of a model without revisions (Comment) shows the message alone,
        # not the comment, so the note is said here too.
        message = str(self.said)
        if rules := cited_rules(log_entry):
            message = _("%(decision)s. Rules cited: %(rules)s") % {
                "decision": message, "rules": quoted(rules),
            }
        if note := note_of(log_entry):
            message = _("%(decision)s. Note: %(note)s") % {"decision": message, "note": note}
        return message

    def format_comment(self, log_entry):
        return note_of(log_entry)


class RejectFormatter(RulesCitedFormatter):
    label = gettext_lazy("Reject")
    said = gettext_lazy("Comment rejected")


class UnpublishFormatter(RulesCitedFormatter):
    label = gettext_lazy("Unpublish")
    said = gettext_lazy("Comment unpublished after reports")


class ExportEvidenceFormatter(LogFormatter):
    label = gettext_lazy("Export evidence")
    message = gettext_lazy("Evidence exported for a police report")

    def format_comment(self, log_entry):
        name = (log_entry.data or {}).get("file_name")
        return _("File: %(name)s") % {"name": name} if name else ""


def register(registry):
    """The record's log actions (called from wagtail_hooks.register_moderation_log_actions)."""
    from .decisions import REJECT

    registry.register_action(REJECT)(RejectFormatter)
    registry.register_action(UNPUBLISH)(UnpublishFormatter)
    registry.register_action(EXPORT_EVIDENCE)(ExportEvidenceFormatter)
