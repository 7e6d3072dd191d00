"""moderation/checks/topic.py: `on_topic`, TF-IDF cosine on character n-grams."""

import pytest

from moderation.checks import topic
from moderation.models import ModerationSettings
from tests.moderation.screening_factory import HUMAN_RIGHTS_POST, human_rights_post, screened

pytestmark = pytest.mark.django_db

PARAGRAPHS = (HUMAN_RIGHTS_POST["title"], HUMAN_RIGHTS_POST["intro"],
              *HUMAN_RIGHTS_POST["paragraphs"], " ".join(HUMAN_RIGHTS_POST["tags"]))

ON_TOPIC = [
    ("Bra att ni lyfter barnkonventionen. I vår kommun gör vi barnkonsekvensanalyser "
    "innan varje beslut som rör barn, men det är svårt att låta barnen komma till tals."),
    ("Hur mäter ni om barnets bästa verkligen utreds? Socialtjänsten hos oss saknar metoder "
    "för barnrättsprövning och skolan har inte heller tid."),
    ("Jag kommer till nätverksträffen i Umeå. Mänskliga rättigheter i regioner borde få "
    "mer plats, särskilt barnens rättigheter inom vården."),
]
OFF_TOPIC = [
    ("Säljer min gamla cykel, tre växlar, nya däck och ringklocka. Hämtas i Hässleholm "
    "på lördag förmiddag, pris går att diskutera."),
    ("Vem vann egentligen matchen igår? Domaren missade två straffar och hemmalaget "
    "spelade uselt hela andra halvleken enligt mig."),
    ("Bästa receptet på kanelbullar: mycket smör, kardemumma, lagom med socker och jäst. "
    "Grädda i ugnen tills de blir gyllenbruna."),
]


@pytest.mark.parametrize("text", ON_TOPIC)
def test_comments_about_the_post_are_on_topic(text):
    assert topic.similarity(text, PARAGRAPHS) >= ModerationSettings().on_topic_threshold


@pytest.mark.parametrize("text", OFF_TOPIC)
def test_comments_about_something_else_are_off_topic(text):
    assert topic.similarity(text, PARAGRAPHS) < ModerationSettings().on_topic_threshold


def test_an_off_topic_comment_gets_a_finding_with_its_similarity(blog_index):
    _comment, results = screened(human_rights_post(), OFF_TOPIC[0])
    (result,) = [r for r in results if r.rule == "on_topic"]
    assert 0.5 <= result.score <= 1.0
    assert "(likhet 0." in result.reason  # the Swedish reason names the similarity


@pytest.mark.parametrize("text", [
    "Tack för ett bra inlägg!",
    "Håller med, bra skrivet.",
    "Tack! Mycket intressant läsning, ser fram emot nästa.",
])
def test_short_friendly_comments_are_never_off_topic(blog_index, text):
    _comment, results = screened(human_rights_post(), text)
    assert "on_topic" not in {r.rule for r in results}


def test_the_threshold_is_a_setting(blog_index):
    post = human_rights_post()
    strict = ModerationSettings(on_topic_threshold=0.99)
    _comment, results = screened(post, ON_TOPIC[1], settings=strict)
    assert "on_topic" in {r.rule for r in results}


def test_tags_count_as_the_post(blog_index):
    text = ("Kvantdatorer och supraledare, qubits och kryogenik: intressant fysik men "
            "svårt att förstå utan laboratorium och mätinstrument.")
    bare = ("Inlägg", "En ingress.")
    tagged = bare + ("kvantdatorer qubits supraledare kryogenik fysik laboratorium",)
    assert topic.similarity(text, bare) < topic.similarity(text, tagged)
