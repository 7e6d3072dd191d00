"""What allauth sends, and to whom, when asked by someone who may not own the address."""

import pytest
from django.core import mail

from tests.comments.factory import make_reader

# allauth counts its limits in the cache: every test starts with none.
pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "address", ["okand@example.org", "Okand@Räksmörgås.example", "KAND@example.org.se"]
)
def test_a_reset_for_an_unknown_address_sends_nothing_and_says_the_same(
    client, blog_index, address
):
    """ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False (README, "Comments"): the site does not mail an
    address nobody has shown to be theirs, and the reply does not tell whether it is known."""
    make_reader(email="kand@example.org")
    known = client.post("/konto/password/reset/", {"email": "kand@example.org"})
    assert len(mail.outbox) == 1
    unknown = client.post("/konto/password/reset/", {"email": address})
    assert len(mail.outbox) == 1
    assert unknown.status_code == known.status_code
    assert unknown.get("Location") == known.get("Location")
