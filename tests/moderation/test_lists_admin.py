"""The word lists in the admin: who may edit them, and an edit counts at the next comment."""

import pytest

from moderation.checks import tone
from moderation.models import ListedPhrase
from tests.comments.factory import make_reader
from tests.moderation.screening_factory import NO_HISTORY, Text, context_of
from tests.staff import give_totp, make_staff

pytestmark = pytest.mark.django_db
LISTS = "/admin/snippets/moderation/listedphrase/"


def tone_of(text):
    return {r.rule for r in tone.check(context_of(Text(text), history=NO_HISTORY))}


@pytest.fixture
def officer(blog_index):
    return give_totp(make_staff("Informationsansvariga"))


def test_the_seeded_kinds_are_listed_for_officers(client, officer):
    client.force_login(officer)
    response = client.get(LISTS, {"kind": "exception"})
    assert response.status_code == 200
    assert "akta er för att" in response.content.decode()
    add = client.get(f"{LISTS}add/").content.decode()
    assert "Oskyldigt idiom eller undantag" in add  # the kinds in Swedish
    assert "a|b|c matchar" in add  # the help text explains the syntax


@pytest.mark.parametrize("who", ["anonymous", "reader", "blogger"])
def test_others_may_neither_see_nor_change_the_lists(client, blog_index, who):
    if who == "reader":
        client.force_login(make_reader())
    elif who == "blogger":
        client.force_login(give_totp(make_staff("Bloggare")))
    assert client.get(LISTS).status_code in (302, 403)
    response = client.post(f"{LISTS}add/", {"phrase": "snorvalp", "kind": "rude", "weight": "1"})
    assert response.status_code in (302, 403)
    assert not ListedPhrase.objects.filter(phrase="snorvalp").exists()


def test_an_exception_added_in_the_admin_counts_at_once(client, officer):
    assert "good_tone" in tone_of("Vilken jävla bra dag!")
    client.force_login(officer)
    response = client.post(
        f"{LISTS}add/", {"phrase": "jävla bra", "kind": "exception", "weight": "1"},
    )
    assert response.status_code == 302
    assert tone_of("Vilken jävla bra dag!") == set()


def test_a_bad_phrase_is_refused_in_swedish(client, officer):
    client.force_login(officer)
    response = client.post(f"{LISTS}add/", {"phrase": "x" * 700, "kind": "rude", "weight": "1"})
    assert response.status_code == 200
    assert "som mest 600 tecken" in response.content.decode()
    assert not ListedPhrase.objects.filter(phrase__startswith="xxx").exists()


def test_screening_reads_the_lists_with_a_constant_number_of_queries(django_assert_num_queries):
    tone_of("idiot")  # the compiled lists are cached by content: warm them
    with django_assert_num_queries(1):
        tone_of("Du är en j*vla idiot och jag vet var du bor " * 20)
