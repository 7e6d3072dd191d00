from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mrblogg.validators import validate_sendable_email


class HumanCheckInput(CaptchaTextInput):
    """The CAPTCHA picture with its audio version and a link to new characters, no JavaScript."""

    template_name = "subscriptions/widgets/human_check.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # The audio link is always offered; the project configures a Swedish voice.
        context["audio"] = reverse("captcha-audio", kwargs={"key": self._key})
        return context


class SubscribeForm(forms.Form):
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
    captcha = CaptchaField(
        label=_("Write the characters in the image"),
        help_text=_(
            "This shows that a person, not a program, is subscribing. Upper or lower case "
            "does not matter. You can listen to the characters instead, or get new ones."
        ),
        error_messages={
            "invalid": _("The characters did not match. Try again with the new image."),
            "required": _("Write the characters in the image."),
            "incomplete": _("Write the characters in the image."),
        },
        widget=HumanCheckInput(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def add_error(self, field, error):
        super().add_error(field, error)
        # Tie each field to its messages, so a screen reader reads them with the field.
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                described = [
                    i for i in [f"id_{name}_help" if self.fields[name].help_text else ""] if i
                ]
                attrs["aria-describedby"] = " ".join(described + [f"id_{name}_errors"])
