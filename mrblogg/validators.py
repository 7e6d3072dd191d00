"""Validators shared by every form that takes an e-mail address we will write to.

Django's EmailValidator matches the local part case-insensitively, so four letters whose
case folds into a-z pass it: "İ", "ı", "ſ" and the Kelvin sign. Such an address can still be
impossible to send to: Django encodes a non-ASCII local part as a MIME word and refuses the
folded header it makes of a long one (ValueError), and "İ" becomes two characters when
lower-cased, so an address near the limit outgrows the 254 characters of the e-mail
columns once stored in lower case. Found by tests/test_public_forms_property.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 254  # RFC 5321's path limit, and the length of every e-mail column here
UNSENDABLE = _("This e-mail address cannot be used.")


def validate_sendable_email(value):
    """Refuse an address that fits no column once lower-cased or that Django cannot put in
    a To: header, with the same Swedish message for both."""
    for address in dict.fromkeys([value, value.lower()]):
        if len(address) > MAX_LENGTH:
            raise ValidationError(UNSENDABLE, code="unsendable")
        try:
            EmailMessage(to=[address], from_email=settings.DEFAULT_FROM_EMAIL).message()
        except (ValueError, TypeError, IndexError):  # UnicodeError is a ValueError
            raise ValidationError(UNSENDABLE, code="unsendable") from None
