"""Print the current two-factor code of a demo member of staff.

The demo (load_demo) gives its staff an authenticator app with one public secret, so that
`make run` can be tried without a phone. This prints the code an app would show now. It
works only for an account whose secret is that public one: for anyone else the command
refuses, so it never becomes a way round a real person's second factor.
"""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from .load_demo import load_content


def current_code(secret, now=None):
    """The code an authenticator app shows for `secret` at `now` (a Unix time)."""
    counter = int(time.time() if now is None else now) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


class Command(BaseCommand):
    help = "Skriver ut den aktuella tvåfaktorskoden för en demoanvändare i personalen."

    def add_arguments(self, parser):
        parser.add_argument("login", help="Demoanvändarens e-postadress (eller användarnamn).")

    def handle(self, *args, login, **options):
        user = get_user_model().objects.filter(
            Q(email__iexact=login) | Q(username__iexact=login)
        ).first()
        if user is None:
            raise CommandError(f"Det finns ingen användare {login}.")
        secret = load_content()["demo_totp_secret"]
        authenticators = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
        if not any(decrypt(a.data["secret"]) == secret for a in authenticators):
            raise CommandError(
                f"{login} har ingen autentiseringsapp med demonyckeln. Koden visas bara för "
                "demoanvändare (python manage.py load_demo)."
            )
        now = time.time()
        left = app_settings.TOTP_PERIOD - int(now) % app_settings.TOTP_PERIOD
        self.stdout.write(current_code(secret, now))
        self.stderr.write(f"Giltig i {left} sekunder till.")
