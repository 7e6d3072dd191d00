from django import forms
from django.utils.translation import gettext_lazy as _

from .rules import rule_choices


class RejectForm(forms.Form):
    rules = forms.MultipleChoiceField(
        label=_("The rules the comment breaks"), choices=rule_choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one rule.")},
    )
    note = forms.CharField(
        label=_("Note to the author (optional)"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the suspension"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write why the author is suspended.")},
    )


class AnswerForm(forms.Form):
    """The officer's answer given with an approval ("Godkänn och svara"): the comment
    length limit of CommentSettings, counted as comments count it (comments/text.py)."""

    text = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your answer.")},
    )

    def __init__(self, *args, **kwargs):
        from comments.models import CommentSettings

        super().__init__(*args, **kwargs)
        self.max_length = CommentSettings.load().max_length
        self.fields["text"].widget.attrs["maxlength"] = self.max_length

    def clean_text(self):
        from comments.text import length, normalise

        text = normalise(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Write your answer."))
        if length(text) > self.max_length:
            raise forms.ValidationError(
                _("The answer is longer than %(n)s characters.") % {"n": self.max_length})
        return text
