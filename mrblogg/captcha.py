"""The one human check of the site: django-simple-captcha's picture, spoken in Swedish.

Every public form (comment, contact, registration, subscribe, sign-up) uses `HumanCheckField`
and its one template, `templates/mrblogg/widgets/human_check.html`. The spoken version is
served by `audio` (the `captcha-audio` URL, taken over from django-simple-captcha so that no
`flite` program is needed: `mrblogg.speech` renders the WAV in-process). A form offers the
recording, and its help text mentions it, only when the Swedish voice loads on this machine.
"""

from functools import cache

from captcha.fields import CaptchaField, CaptchaTextInput
from captcha.models import CaptchaStore
from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from . import speech


@cache
def _voice_loads():
    return speech.speech_available()


def audio_available():
    """Whether a spoken CAPTCHA can be served here (the setting, and the voice really loads)."""
    return getattr(settings, "CAPTCHA_AUDIO", True) and _voice_loads()


class HumanCheckInput(CaptchaTextInput):
    """The picture, the answer field, the recording (where it works) and "new characters".

    `refresh_link`: a plain link that reloads the page with new characters; a form that must
    keep a long text across the refresh (the comment form) offers a submit button instead.
    `offline` is set when the form is shown again because the database failed: no new
    challenge can be stored then, so the widget says so instead of raising a second error.
    """

    template_name = "mrblogg/widgets/human_check.html"
    use_fieldset = False  # one text input, labelled by the field; the key is hidden

    def __init__(self, attrs=None, refresh_link=True):
        super().__init__(attrs)
        self.refresh_link = refresh_link
        self.offline = False

    def audio_url(self):
        return reverse("captcha-audio", kwargs={"key": self._key}) if audio_available() else None

    def render(self, name, value, attrs=None, renderer=None):
        if not self.offline:
            try:
                # Pages render in autocommit, so a failed insert of the challenge leaves the
                # connection usable (no savepoint: two more queries on every form page).
                return super().render(name, value, attrs, renderer)
            except DatabaseError:
                self.offline = True
        context = {"widget": {"attrs": self.build_attrs(self.attrs, attrs)}, "offline": True}
        return self._render(self.template_name, context, renderer)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base_id = context["widget"]["attrs"].get("id")
        answer = context["widget"]["subwidgets"][1]["attrs"]
        # The answer names the field's help text and, when the answer was wrong, its errors
        # (ids "<id>_helptext" and "<id>_errors", rendered by every form template).
        if base_id:
            described = [f"{base_id}_helptext"]
            if answer.get("aria-invalid"):
                described.append(f"{base_id}_errors")
            answer["aria-describedby"] = " ".join(described)
        context["refresh_link"] = self.refresh_link
        return context


def help_text():
    if audio_available():
        return _(
            "We check that you are a human and not a robot. Type the characters in the "
            "image, or listen to them. Upper or lower case does not matter."
        )
    return _(
        "We check that you are a human and not a robot. Type the characters in the image. "
        "Upper or lower case does not matter."
    )


# Decided when the form is shown, not when its class is defined: the voice loads on first use.
lazy_help_text = lazy(help_text, str)


class HumanCheckField(CaptchaField):
    def __init__(self, *, refresh_link=True, **kwargs):
        kwargs.setdefault("label", _("Verification"))
        kwargs.setdefault("help_text", lazy_help_text())
        kwargs.setdefault("error_messages", {
            "invalid": _("The characters did not match. Try again with the new image."),
            "required": _("Write the characters you see in the image."),
            "incomplete": _("Write the characters you see in the image."),
        })
        super().__init__(widget=HumanCheckInput(refresh_link=refresh_link), **kwargs)


@never_cache
def audio(request, key):
    """The challenge of `key`, spoken letter by letter in Swedish, as a WAV file."""
    if not audio_available():
        raise Http404
    store = CaptchaStore.objects.filter(hashkey=key).first()
    if store is None:
        # Gone, not missing, so that crawlers drop the address (as django-simple-captcha does).
        return HttpResponse(status=410)
    try:
        wav = speech.speak_wav(", ".join(store.challenge))
    except speech.SpeechUnavailable:
        raise Http404 from None
    response = HttpResponse(wav, content_type="audio/wav")
    response["Content-Disposition"] = 'inline; filename="kod.wav"'
    return response
