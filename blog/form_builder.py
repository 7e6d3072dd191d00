"""Form builders for the editor-built forms: length limits, phone numbers, the human check."""

import re

from captcha.fields import CaptchaField, CaptchaTextInput
from django import forms
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import FormBuilder

from mrblogg.validators import validate_sendable_email

SINGLE_LINE_MAX = 255
MULTI_LINE_MAX = 2000
EMAIL_MAX = 254

# Digits with the usual separators, optionally a leading +: "070-319 79 20", "+46 70 319 79 20".
PHONE_PATTERN = re.compile(r"^\+?[0-9(][0-9 ()\-]{4,22}[0-9]$")
validate_phone = RegexValidator(PHONE_PATTERN, _("Enter a valid phone number."), "invalid_phone")


class LimitedFormBuilder(FormBuilder):
    """Wagtail's builder with a length limit on every text and a phone number field type."""

    def create_singleline_field(self, field, options):
        options["max_length"] = SINGLE_LINE_MAX
        options["widget"] = forms.TextInput(attrs={"maxlength": SINGLE_LINE_MAX})
        return forms.CharField(**options)

    def create_multiline_field(self, field, options):
        options["max_length"] = MULTI_LINE_MAX
        options["widget"] = forms.Textarea(attrs={"rows": 5})
        return forms.CharField(**options)

    def create_email_field(self, field, options):
        options["max_length"] = EMAIL_MAX
        options["validators"] = [validate_sendable_email]
        options["widget"] = forms.EmailInput(attrs={"autocomplete": "email"})
        return forms.EmailField(**options)

    def create_phone_field(self, field, options):
        options["max_length"] = 30
        options["validators"] = [validate_phone]
        options["widget"] = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        return forms.CharField(**options)


class RegistrationFormBuilder(LimitedFormBuilder):
    pass


class HumanCheckInput(CaptchaTextInput):
    """The CAPTCHA image with a link to the spoken version and one to a new challenge."""

    template_name = "blog/widgets/human_check.html"
    use_fieldset = False  # one text input, labelled "Verifiering"; the key is hidden

    def audio_url(self):
        # Always offered: the spoken challenge is the alternative to the image.
        return reverse("captcha-audio", kwargs={"key": self._key})


class HumanCheckField(CaptchaField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Verification"))
        kwargs.setdefault("help_text", _("We check that you are a human and not a robot."))
        kwargs.setdefault("error_messages", {
            "invalid": _("The characters did not match. Try again with the new image."),
            "required": _("Write the characters you see in the image or hear in the recording."),
        })
        super().__init__(widget=HumanCheckInput(), **kwargs)


class ContactFormBuilder(LimitedFormBuilder):
    """The editor's fields, then always the human check."""

    @property
    def formfields(self):
        fields = super().formfields
        fields["captcha"] = HumanCheckField()
        return fields


def first_email_field(page):
    """The name of the first e-mail field of a form page: the sender's or registrant's address."""
    for field in page.get_form_fields():
        if field.field_type == "email":
            return field.clean_name or field.get_field_clean_name()
    return None
