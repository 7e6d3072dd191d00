"""Staff accounts in tests. Everyone who can reach the admin must use two factors
(mrblogg/security.py), so a test that logs in a member of staff with force_login gives them
an authenticator app first, as the login with both factors would have needed."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret


def give_totp(user):
    """`user` with an authenticator app (a fresh secret). Returns the user."""
    TOTP.activate(user, generate_totp_secret())
    return user
