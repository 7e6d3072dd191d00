"""moderation/checks/tone.py: `good_tone` and `no_hate_or_threats` against the word lists."""

import pytest

from moderation.checks import tone
from moderation.models import ListedPhrase
from tests.moderation.screening_factory import NO_HISTORY, Text, context_of

pytestmark = pytest.mark.django_db


def found(text):
    return {r.rule: r for r in tone.check(context_of(Text(text), history=NO_HISTORY))}


@pytest.mark.parametrize("text", [
    "Du är en idiot.",
    "Vilka idioter ni är.",  # an inflection through the stem
    "IDIOT!",
    "Du är en idioooooot.",  # repeated letters
    "Du är en i d i o t.",  # spaced
    "Du är en i.d.i.o.t.",  # punctuated
    "Du är en 1d10t.",  # digits
    "Du är en іdіоt.",  # Cyrillic і and о
    "Du är en id\u200biot.",  # zero-width space
    "Håll k ä f t e n nu.",
    "Vilket pucko.",
])
def test_rude_words_are_found_through_disguises(text):
    assert "good_tone" in found(text)


@pytest.mark.parametrize("text", [
    "Tillståndsprövningen tar tid i kommunen.",
    "Det var ett hårt arbete med många hårda beslut.",
    "Potatis med brun sås till middag.",
    "Fantastiskt bra inlägg, det fanns mycket att lära.",
    "Vi skickar en hatt till vinnaren.",
    "Pressmeddelandet finns på WordPress-sajten.",
    "Skitbra skrivet!",  # "skit" is listed as a word, not as the start of any word
    "Horisonten vidgas när vi läser om Horn.",
    "Vi ska skjuta upp mötet till nästa vecka.",
])
def test_innocent_look_alikes_are_not_found(text):
    assert found(text) == {}


def test_the_evidence_is_the_words_as_the_reader_wrote_them():
    result = found("Du är en i.d.i.0.t och ett PUCKO.")["good_tone"]
    assert result.evidence == "i.d.i.0.t, PUCKO."


@pytest.mark.parametrize("text", [
    "Jag vet var du bor.",
    "Jag VET VAR DU BOR",
    "Vi s k a  d ö d a dig.",
    "Jag ska dööööda dig.",
    "Jag ska döda er alla.",
    "Jag vet vаr du bоr.",  # Cyrillic а and о
    "Hoppas du dör.",
])
def test_threats_are_found_through_disguises(text):
    result = found(text)["no_hate_or_threats"]
    assert result.score >= 2.5
    assert result.reason == tone.THREATS


def test_threats_weigh_more_than_rude_words():
    assert found("Jag vet var du bor")["no_hate_or_threats"].score > found("idiot")["good_tone"].score


@pytest.mark.parametrize("text", [
    "Hot mot förtroendevalda ökar, visar en ny rapport.",
    "Många förtroendevalda har fått dödshot och vet inte var de ska vända sig.",
    "Hur arbetar kommunen mot hat och hot på nätet?",
    "Döden är ett ämne vi sällan pratar om i vården.",
    "Var bor du någonstans, vet du var mötet hålls?",
])
def test_discussing_threats_is_not_a_threat(text):
    assert "no_hate_or_threats" not in found(text)


def test_hate_words_are_found():
    result = found("Alla svartskallar borde ...")["no_hate_or_threats"]
    assert result.evidence == "svartskallar"
    assert result.reason == tone.HATE


def test_an_officer_extends_the_list_without_a_deploy():
    assert found("Vilken snorvalp.") == {}
    ListedPhrase.objects.create(phrase="snorvalp", kind=ListedPhrase.Kind.RUDE, weight=0.5)
    assert found("Vilka snorvalpar!")["good_tone"].score == 0.5


def test_a_star_matches_any_ending_from_the_start_of_a_word():
    ListedPhrase.objects.create(phrase="tjock*", kind=ListedPhrase.Kind.RUDE)
    assert "good_tone" in found("Din tjockskalle")
    assert found("Den otjocka boken") == {}


def test_a_removed_word_is_no_longer_found():
    ListedPhrase.objects.filter(phrase="pucko").delete()
    assert found("Vilket pucko") == {}
