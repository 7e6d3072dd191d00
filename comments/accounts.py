"""allauth's adapter for reader accounts (settings.ACCOUNT_ADAPTER)."""

from allauth.account.adapter import DefaultAccountAdapter

from mrblogg.validators import validate_sendable_email


class ReaderAccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        """Every address allauth takes (sign-up, adding an address, password reset) is one
        we can write to: allauth sends each of them an e-mail."""
        email = super().clean_email(email)
        validate_sendable_email(email)
        return email
