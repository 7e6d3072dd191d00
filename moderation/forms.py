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
