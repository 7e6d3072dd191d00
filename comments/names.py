"""Display names that could pass for the blog's own voice are refused.

An answer from the blog is marked by `Comment.answer_role` ("Svar från MR-bloggen", the
blogger's name and role), never by a name, so a reader cannot earn the mark by a name. A
reader's name must not look like the mark either: "MR-bloggen", "SKR", "Svar från …",
"Redaktionen", "Admin", "Moderator" are refused however they are written: any case, with
accents, with Cyrillic or Greek look-alike letters, digits for letters ("Adm1n"), or
punctuation and spaces between the letters ("S.K.R", "M R - b l o g g e n").
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

IMITATES_STAFF = _(
    "The display name must not look like the blog's own answers or its staff "
    "(for example MR-bloggen, SKR, Redaktionen, Moderator). Choose another name."
)

# Look-alike letters (Cyrillic, Greek) and the digits and signs used for letters.
LOOK_ALIKES = str.maketrans({
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
    "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "ӏ": "l", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i",
    "κ": "k", "μ": "m", "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss",
    "0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
    "@": "a", "$": "s", "|": "l", "!": "i", "€": "e",
})
# Anywhere in the name once everything but letters is taken out ("MR-bloggens vän").
RESERVED_ANYWHERE = (
    "mrblogg", "svarfran", "redaktion", "moderator", "moderering", "administrat",
    "informationsansvarig", "sverigeskommunerochregioner", "webmaster", "webbredaktor",
)
# As a word of its own, or the whole name with its letters run together ("S K R").
# A word only: "Oskar", "Badminton-Bosse", "Skrivarn" are readers' names.
RESERVED_WORDS = ("skr", "admin", "mod", "moderatorn", "staff", "support", "bloggen")


def skeleton(name):
    """`name` as its look: compatibility forms folded (full-width, ligatures), case
    folded, accents dropped, look-alikes mapped to the letter they imitate."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", folded) if not unicodedata.combining(ch)
    )
    # "l" and "i" look alike too: one letter for both, after the mapping.
    return stripped.translate(LOOK_ALIKES).replace("l", "i")


def _as_letters(text):
    return text.replace("l", "i")


def imitates_staff(name):
    look = skeleton(name)
    words = [w for w in re.split(r"[\W_]+", look) if w]
    joined = "".join(words)
    reserved_words = {_as_letters(w) for w in RESERVED_WORDS}
    if joined in reserved_words or any(w in reserved_words for w in words):
        return True
    return any(_as_letters(r) in joined for r in RESERVED_ANYWHERE)


def validate_display_name(name):
    if imitates_staff(name):
        raise ValidationError(IMITATES_STAFF, code="imitates_staff")
