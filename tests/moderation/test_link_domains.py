"""The officers' link domains in the admin (moderation.models.LinkDomain), the seeded rows,
and the spam settings' validation."""

import pytest
from django.core.exceptions import ValidationError

from moderation.models import LinkDomain, ModerationSettings
from tests.comments.factory import make_reader
from tests.staff import give_totp, make_staff

pytestmark = pytest.mark.django_db
LIST = "/admin/snippets/moderation/linkdomain/"
ADD = LIST + "add/"


def test_the_migration_seeds_allowed_sites_and_shorteners():
    allowed = set(LinkDomain.objects.filter(kind="allowed").values_list("domain", flat=True))
    assert {"skr.se", "regeringen.se", "riksdagen.se", "do.se", "barnombudsmannen.se", "scb.se",
            "sverigesradio.se", "svt.se", "1177.se", "*kommun.se", "region*.se"} <= allowed
    shorteners = set(LinkDomain.objects.filter(kind="shortener").values_list("domain", flat=True))
    assert {"bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "rebrand.ly",
            "cutt.ly", "shorturl.at"} <= shorteners


@pytest.mark.parametrize("domain, stored", [
    ("SKR.se ", "skr.se"), ("https://www.exempel.se/a", "www.exempel.se"), ("*kommun.se", "*kommun.se"),
    ("malmö.se", "malmö.se"),
])
def test_a_domain_is_cleaned(domain, stored):
    entry = LinkDomain(domain=domain, kind=LinkDomain.Kind.SHORTENER)  # not seeded as such
    entry.full_clean()
    assert entry.domain == stored


@pytest.mark.parametrize("domain", ["", "*", "a..se", "skr se", "<script>", "х" * 101, "*.*"])
def test_a_bad_domain_is_refused_in_swedish(domain):
    with pytest.raises(ValidationError) as error:
        LinkDomain(domain=domain).full_clean()
    assert "domain" in error.value.message_dict


def test_spam_settings_are_checked_in_swedish():
    with pytest.raises(ValidationError) as error:
        ModerationSettings(spam_window_hours=48, spam_long_window_days=1, spam_link_repeats=1).clean()
    messages = error.value.message_dict
    assert "långa fönstret" in messages["spam_long_window_days"][0]
    assert "Minst 2" in messages["spam_link_repeats"][0]


@pytest.fixture
def people(blog_index):
    return {
        "reader": make_reader(),
        "blogger": give_totp(make_staff("Bloggare")),
        "officer": give_totp(make_staff("Informationsansvariga")),
    }


@pytest.mark.parametrize("who", [None, "reader", "blogger"])
def test_only_officers_see_or_change_the_link_domains(client, people, who):
    if who:
        client.force_login(people[who])
    assert client.get(LIST).status_code in (302, 403)
    response = client.post(ADD, {"domain": "spam.example", "kind": "allowed", "note": ""})
    assert response.status_code in (302, 403)
    assert not LinkDomain.objects.filter(domain="spam.example").exists()


def test_an_officer_lists_and_adds_a_link_domain(client, people):
    client.force_login(people["officer"])
    response = client.get(LIST)
    assert response.status_code == 200 and "1177.se" in response.content.decode()
    response = client.post(ADD, {"domain": "Kungsbacka.se", "kind": "allowed", "note": "Kommun"})
    assert response.status_code == 302
    assert LinkDomain.objects.filter(domain="kungsbacka.se", kind="allowed").exists()
    response = client.post(ADD, {"domain": "<b>x</b>", "kind": "allowed", "note": ""})
    assert response.status_code == 200 and "Skriv en domän" in response.content.decode()
    assert "<b>x</b>" not in response.content.decode()
