"""Staff accounts in tests. Everyone who can reach the admin must use two factors
(mrblogg/security.py), so a test that logs in a member of staff with force_login gives them
an authenticator app first, as the login with both factors would have needed."""

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from blog.management.commands.load_demo import ensure_group, load_content
from blog.models import BlogIndexPage


def give_totp(user):
    """`user` with an authenticator app (a fresh secret). Returns the user."""
    TOTP.activate(user, generate_totp_secret())
    return user


def make_staff(group_name, username=None):
    """A member of one of the demo's editor groups, built as blog/demo/content.json has it."""
    spec = next(g for g in load_content()["groups"] if g["name"] == group_name)
    group = ensure_group(spec, BlogIndexPage.objects.first())
    username = username or f"{group_name.lower()}@example.org"
    user = get_user_model().objects.create_user(username, username, "pw")
    user.groups.add(group)
    return user


def log_in(client, user):
    """Through allauth's form, as a person does (activating 2FA needs a fresh login)."""
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return client.post("/konto/login/", {"login": user.email, "password": "pw"})


def current_code(secret):
    counters = list(yield_hotp_counters_from_time())  # now, with the tolerance either side
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def make_person(role):
    """Each kind of account: the demo's groups, the superuser, and two without a group."""
    User = get_user_model()
    if role == "superuser":
        return User.objects.create_superuser("root@example.org", "root@example.org", "pw")
    if role == "admin access only":
        user = User.objects.create_user("inga@example.org", "inga@example.org", "pw")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        return user
    if role == "is_staff only":
        return User.objects.create_user("stig@example.org", "stig@example.org", "pw",
                                        is_staff=True)
    return make_staff(role)
