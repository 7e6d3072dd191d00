"""Display names that imitate the blog or its staff are refused (comments/names.py), however
they are written; ordinary names, Swedish and not, pass."""

import pytest
from django.core.exceptions import ValidationError

from comments.forms import ReaderSignupForm
from comments.models import ReaderProfile
from comments.names import imitates_staff, validate_display_name

IMITATIONS = [
    "MR-bloggen", "mr bloggen", "MR-BLOGGEN", "M R - b l o g g e n", "MR-Вloggen",  # Cyrillic В
    "МR-bloggen",  # Cyrillic М
    "Svar från MR-bloggen", "Svar fran bloggen", "SVAR FRÅN redaktionen", "Svår från",
    "SKR", "S.K.R.", "s k r", "ＳＫＲ", "Ѕ K R",  # full-width; Cyrillic Ѕ
    "Redaktionen", "Rédaktiönen", "Admin", "Adm1n", "admin_karin", "Administratör",
    "Moderator", "M0derat0r", "Mødérätør", "Informationsansvarig", "MR-blogg1",
    "Sveriges Kommuner och Regioner",
]
READERS = [
    "Karin i Skellefteå", "Ahmed, socialtjänsten", "Maja H.", "Oskar", "Badminton-Bosse",
    "Skrivarn", "Åsa Lind", "Lill-Babs", "حقوق الإنسان", "Миша", "王小明", "Modesty",
]


@pytest.mark.parametrize("name", IMITATIONS)
def test_imitations_of_the_blog_or_its_staff_are_refused(name):
    assert imitates_staff(name)
    with pytest.raises(ValidationError) as refused:
        validate_display_name(name)
    assert refused.value.code == "imitates_staff"


@pytest.mark.parametrize("name", READERS)
def test_readers_names_pass(name):
    assert not imitates_staff(name)


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["MR-bloggen", "Svar från MR-bloggen", "SKR"])
def test_the_signup_form_says_why_in_swedish(name):
    form = ReaderSignupForm(data={"display_name": name})
    assert not form.is_valid()
    assert form.errors["display_name"] == [
        "Visningsnamnet får inte likna bloggens egna svar eller dess personal (till exempel "
        "MR-bloggen, SKR, Redaktionen, Moderator). Välj ett annat namn."
    ]


@pytest.mark.django_db
def test_the_profile_model_checks_it_too():
    with pytest.raises(ValidationError):
        ReaderProfile._meta.get_field("display_name").run_validators("Redaktionen")
