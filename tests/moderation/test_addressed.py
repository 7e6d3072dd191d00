"""moderation/checks/addressed.py: `not_addressed_elsewhere`."""

import pytest

from moderation.checks import addressed
from moderation.models import Organisation
from tests.moderation.screening_factory import human_rights_post, make_screening_post, screened

pytestmark = pytest.mark.django_db


def finding(post, text):
    _comment, results = screened(post, text)
    return next((r for r in results if r.rule == "not_addressed_elsewhere"), None)


@pytest.fixture
def post(blog_index):
    return human_rights_post()


@pytest.mark.parametrize("text", [
    "Hej Försäkringskassan! Varför har ni inte svarat?",
    "Till Skatteverket\nJag väntar fortfarande på mitt beslut.",
    "Kära Region Skåne, ni behöver anställa fler.",
    "Migrationsverket: handlägg min ansökan nu.",
    "Hej Linköping kommun, snöröjningen fungerar inte.",  # an alias of "Linköpings kommun"
    "Hej kommunen, varför är gatan inte sopad?",  # a generic addressee
])
def test_greetings_and_headings_to_an_organisation(post, text):
    result = finding(post, text)
    assert result is not None and result.score >= 0.8
    assert str(addressed.GREETING) in result.reason


def test_a_demand_to_an_organisation_the_post_does_not_name(post):
    result = finding(post, "Jag tycker att Arbetsförmedlingen måste ändra sina rutiner direkt.")
    assert result.evidence == "Arbetsförmedlingen"
    assert result.score == 0.8


def test_discussing_an_organisation_the_post_names_is_not_addressing_it(blog_index):
    post = make_screening_post(
        title="Försäkringskassan och rätten till assistans",
        paragraphs=["Försäkringskassan har ändrat sin bedömning av assistansersättning."],
    )
    assert finding(post, "Försäkringskassan måste ta hänsyn till barnkonventionen.") is None
    weak = finding(post, "Försäkringskassan, ni borde läsa det här inlägget.")
    assert weak.score == pytest.approx(0.3)


def test_naming_an_organisation_in_passing_is_fine(post):
    assert finding(post, "I Umeå kommun har man arbetat med detta sedan 2019.") is None


@pytest.mark.parametrize("text, reason", [
    ("Mitt ärendenummer är 2024-1234, vad händer nu?", addressed.PERSONAL_CASE),
    ("Dnr 12-345 gäller min dotter.", addressed.PERSONAL_CASE),
    ("Min handläggare svarar aldrig.", addressed.PERSONAL_CASE),
    ("Ring mig så fort som möjligt.", addressed.CONTACT),
    ("@kalle_b läs det här!", addressed.MENTION),
    ("Skriv till anna.andersson@example.se om du vet.", addressed.EMAIL),
    ("Nå mig på 070-123 45 67 efter fem.", addressed.PHONE),
    ("Nå mig på +46 70 123 45 67.", addressed.PHONE),
    ("Mitt personnummer är 19900101-0017.", addressed.PERSONAL_NUMBER),
])
def test_personal_cases_and_contact_details(post, text, reason):
    result = finding(post, text)
    assert result is not None
    assert str(reason) in result.reason


@pytest.mark.parametrize("text", [
    "Barnkonventionen blev lag 2020-01-01 och det var viktigt.",
    "Jag har arbetat 25 år i socialtjänsten och håller med om barnets bästa.",
    "Numret 19900101-0018 är inget giltigt personnummer.",  # fails the check digit
    "Hej! Tack för ett bra inlägg om barnets rättigheter.",
    "Jo: det stämmer att IVO granskar detta.",  # "jo" is not JO, IVO is not addressed
    "Kommunerna måste bli bättre på att lyssna på barn.",
])
def test_ordinary_comments_are_not_addressed_elsewhere(post, text):
    assert finding(post, text) is None


def test_organisations_are_data(post):
    text = "Hej Ankeborgs Hamn! När kommer beslutet?"
    assert finding(post, text) is None
    Organisation.objects.create(name="Ankeborgs Hamn", kind=Organisation.Kind.OTHER)
    assert "Ankeborgs Hamn" in finding(post, text).evidence


def test_an_abbreviation_counts_only_in_capitals(post):
    assert finding(post, "Hej IVO! Granska vår kommun.") is not None
    assert finding(post, "Jag har ivo att läsa mer om barnets bästa.") is None


def test_the_seeded_list_has_authorities_all_regions_and_many_municipalities():
    kinds = {kind: Organisation.objects.filter(kind=kind).count() for kind in Organisation.Kind.values}
    assert kinds["region"] == 21
    assert kinds["authority"] >= 30
    assert kinds["municipality"] >= 100
