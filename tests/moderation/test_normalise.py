"""moderation/normalise.py: disguises undone, Swedish kept apart, links as domains."""

import pytest

from moderation.normalise import registered_domain, screening_forms, word_tokens

SWEDISH_PAIRS = [
    ("kön", "kon"), ("får", "far"), ("för", "for"), ("mål", "mal"), ("år", "ar"),
    ("här", "har"), ("dö", "do"), ("väg", "vag"), ("läsa", "lasa"), ("ön", "on"),
]


@pytest.mark.parametrize("a, b", SWEDISH_PAIRS)
def test_swedish_letters_are_never_folded_into_latin_ones(a, b):
    assert screening_forms(a).text == a
    assert screening_forms(a).text != screening_forms(b).text


@pytest.mark.parametrize("disguised, plain", [
    ("TACK FÖR INLÄGGET", "tack för inlägget"),
    ("tack\u200b för\u200d inl\u00adägget", "tack för inlägget"),  # zero-width, soft hyphen
    ("\ufefftack för inlägget\u200e", "tack för inlägget"),  # BOM, bidi mark
    ("ｔａｃｋ för inlägget", "tack för inlägget"),  # full-width
    ("𝐭𝐚𝐜𝐤 för inlägget", "tack för inlägget"),  # mathematical bold
    ("tаck fоr inlägget", "tack for inlägget"),  # Cyrillic а and о
    ("ΤΑCΚ för inlägget", "tack för inlägget"),  # Greek capitals
    ("tack,   för... inlägget!!!", "tack för inlägget"),
    ("tack för inla\u0308gget", "tack för inlägget"),  # a + combining diaeresis
])
def test_disguises_are_undone(disguised, plain):
    assert screening_forms(disguised).text == plain


def test_latin_letters_and_digits_are_never_remapped():
    assert screening_forms("0 1 3 4 l I o O").text == "0 1 3 4 l i o o"


def test_links_count_by_their_registered_domain_and_leave_the_fingerprint_text():
    n = screening_forms("Läs https://www.Example.co.uk/a/b?c=1 och www.regeringen.se/x och mig@ex.se")
    assert n.domains == ("example.co.uk", "regeringen.se")
    assert n.emails == ("mig@ex.se",)
    assert n.plain == "läs och och"
    assert n.text == "läs example co uk och regeringen se och"


@pytest.mark.parametrize("link, domain", [
    ("https://sub.kommun.umea.se/sida", "umea.se"),
    ("http://EXAMPLE.com", "example.com"),
    ("foo.blogspot.com/post", "foo.blogspot.com"),
    ("https://еxample.com/", "example.com"),  # Cyrillic е in the host
])
def test_registered_domain(link, domain):
    assert registered_domain(link) == domain


def words(text, reading=1):
    return [t.word for t in word_tokens(text)[reading]]


@pytest.mark.parametrize("disguised", [
    "idiot", "IDIOT", "i d i o t", "i.d.i.o.t", "i-d-i-o-t", "1d10t", "id!ot", "іdіоt",
    "id\u200biot", "i_d_i_o_t",
])
def test_word_list_reading_undoes_disguises(disguised):
    assert words(disguised, 0) == ["idiot"] or words(disguised, 1) == ["idiot"]


def test_at_sign_between_letters_is_an_a_but_a_mention_is_not():
    assert words("h@t") == ["hat"]
    assert words("@kalle") == ["kalle"]


def test_numbers_of_their_own_stay_numbers():
    assert words("år 2024 covid-19", 0) == ["år", "2024", "covid", "19"]


def test_tokens_keep_the_span_of_the_original_text():
    text = "Du är en i d i o t."
    token = next(t for t in word_tokens(text)[0] if t.word == "idiot")
    assert text[token.start:token.end] == "i d i o t."


def test_links_and_addresses_are_not_words():
    assert words("se http://idiot.example.com och idiot@example.org") == ["se", "och"]
