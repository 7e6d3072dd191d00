from django import forms
from django.utils.translation import gettext_lazy as _

from mrblogg.captcha import HumanCheckField
from mrblogg.unavailable import KeepsInput
from mrblogg.validators import validate_sendable_email


class SubscribeForm(KeepsInput, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        validators=[validate_sendable_email],
        error_messages={
            "required": _("Write your e-mail address."),
            "invalid": _("Write a whole e-mail address, for example namn@kommun.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    captcha = HumanCheckField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text and name != "captcha":  # the human check names its own
                field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"

    def add_error(self, field, error):
        super().add_error(field, error)
        # Tie each field to its messages, so a screen reader reads them with the field.
        for name in self.errors:
            if name in self.fields and name != "captcha":
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [
                    i for i in [f"id_{name}_helptext" if self.fields[name].help_text else ""] if i
                ]
                attrs["aria-describedby"] = " ".join(described + [f"id_{name}_errors"])
