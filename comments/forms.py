from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mrblogg.captcha import HumanCheckField
from mrblogg.unavailable import KeepsInput

from .models import REPLY_REFUSED, ReaderProfile
from .names import validate_display_name
from .text import length, normalise

LARGEST_ID = 2**31 - 1  # a forged id beyond what any database column holds is refused


class CommentForm(KeepsInput, forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6, "class": "comment-input"}),
        error_messages={"required": _("Write your comment before you send it.")},
        strip=False,
    )
    # "Show a new code" is a submit button in the comment form, which keeps the text.
    captcha = HumanCheckField(
        label=_("Verification (required)"),
        error_messages={"invalid": _("The characters did not match. Try the new code.")},
        refresh_link=False,
    )
    # The comment answered (a reply); empty for a top comment. Checked again by the service.
    parent = forms.IntegerField(
        required=False, min_value=1, max_value=LARGEST_ID, widget=forms.HiddenInput,
        error_messages={k: REPLY_REFUSED for k in ("invalid", "min_value", "max_value")},
    )

    # Told when answered (comments/following.py): off unless the author ticks it.
    follow = forms.BooleanField(
        label=_("Tell me by e-mail when someone answers"), required=False,
    )

    def __init__(self, *args, max_length=900, blog_answer=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_length = max_length
        self.blog_answer = blog_answer
        self.fields["text"].widget.attrs["data-max-length"] = str(max_length)
        if blog_answer:
            # Staff answer with two factors (comments/replies.py): no CAPTCHA for them.
            del self.fields["captcha"]
            self.fields["text"].label = _("Your answer as MR-bloggen")

    def clean_text(self):
        text = normalise(self.cleaned_data["text"])
        if not text:
            raise forms.ValidationError(_("Write your comment before you send it."))
        n = length(text)
        if n > self.max_length:
            raise forms.ValidationError(
                ngettext(
                    "Your comment is %(n)s character long; at most %(max)s are allowed.",
                    "Your comment is %(n)s characters long; at most %(max)s are allowed.",
                    n,
                ) % {"n": n, "max": self.max_length}
            )
        return text


class ReaderSignupForm(KeepsInput, forms.Form):
    """Extra fields on allauth's sign-up form: the name shown beside comments."""

    display_name = forms.CharField(
        label=_("Display name"), max_length=60, min_length=2,
        help_text=_("Shown beside your comments. Never your e-mail address."),
    )

    def clean_display_name(self):
        name = normalise(self.cleaned_data["display_name"])
        if "@" in name:
            raise forms.ValidationError(_("The display name must not be an e-mail address."))
        if len(name) < 2:
            raise forms.ValidationError(_("Write at least two characters."))
        validate_display_name(name)
        # NFC can lengthen a name (U+0958 becomes two characters): check the stored form.
        max_length = ReaderProfile._meta.get_field("display_name").max_length
        if len(name) > max_length:
            raise forms.ValidationError(
                _("Write at most %(max)s characters.") % {"max": max_length}
            )
        return name

    def signup(self, request, user):
        ReaderProfile.objects.update_or_create(
            user=user, defaults={"display_name": self.cleaned_data["display_name"]}
        )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
