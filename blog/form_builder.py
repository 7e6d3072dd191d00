"""Form builders for the editor-built forms: length limits, phone numbers, the human check."""

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.forms.forms import BaseForm, FormBuilder

from mrblogg.captcha import HumanCheckField
from mrblogg.unavailable import KeepsInput
from mrblogg.validators import validate_sendable_email

SINGLE_LINE_MAX = 255
MULTI_LINE_MAX = 2000
EMAIL_MAX = 254

# Digits with the usual separators, optionally a leading +: "070-319 79 20", "+46 70 319 79 20".
PHONE_PATTERN = re.compile(r"^\+?[0-9(][0-9 ()\-]{4,22}[0-9]$")
validate_phone = RegexValidator(PHONE_PATTERN, _("Enter a valid phone number."), "invalid_phone")


class LimitedFormBuilder(FormBuilder):
    """Wagtail's builder with a length limit on every text and a phone number field type."""

    def get_form_class(self):
        # A public form: given back with the answers when the database fails.
        return type("WagtailForm", (KeepsInput, BaseForm), self.formfields)

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


class HumanCheckedFormBuilder(LimitedFormBuilder):
    """The editor's fields, then always the human check (a public form open to anyone)."""

    @property
    def formfields(self):
        fields = super().formfields
        fields["captcha"] = HumanCheckField()
        return fields


def without_human_check(cleaned_data):
    """The answers to store: the human check is part of the form, never of the submission."""
    return {name: value for name, value in cleaned_data.items() if name != "captcha"}


ContactFormBuilder = HumanCheckedFormBuilder
RegistrationFormBuilder = HumanCheckedFormBuilder


def first_email_field(page):
    """The name of the first e-mail field of a form page: the sender's or registrant's address."""
    for field in page.get_form_fields():
        if field.field_type == "email":
            return field.clean_name or field.get_field_clean_name()
    return None
