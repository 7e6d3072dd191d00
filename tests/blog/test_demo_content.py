"""The demo content: a faithful transcription of the seed documents that loads cleanly.

The drift test checks that every text in blog/demo/content.json is found in the seed
document its entry names, so the transcription and the seeds cannot drift apart.
"""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Revision,
    Site,
)

from blog.models import Blogger, BlogPost
from tests.blog.demo_texts import (
    CONTENT,
    SEED_FILES,
    allowed,
    authored_pages,
    normalise,
    seed_text,
    transcribed_texts,
)

# --- (a) Transcription and seeds do not drift ------------------------------------------


def test_every_text_is_found_in_its_seed_document():
    seeds = {name: seed_text(name) for name in SEED_FILES}
    allow = allowed()
    authored = authored_pages()
    missing = []
    for seed, text, where in transcribed_texts():
        if where in authored:
            continue
        text = normalise(text)
        if text and text not in seeds[seed] and (seed, text) not in allow:
            missing.append(f"{where} ({seed}): {text!r}")
    assert not missing, "texts not found in their seed document:\n" + "\n".join(missing)


def test_allow_list_is_small_reasoned_and_needed():
    assert len(CONTENT["allow_list"]) <= 5
    used = {(seed, normalise(text)) for seed, text, _ in transcribed_texts()}
    pages = {entry["slug"]: entry for entry in CONTENT["pages"]}
    for item in CONTENT["allow_list"]:
        assert item["reason"].strip(), item
        if "page" in item:
            # A whole page written for the site (the accessibility statement): only a
            # StandardPage, never a post, may be exempted, and it must exist.
            assert pages[item["page"]]["type"] in ("StandardPage", "PrivacyPage"), item
            assert pages[item["page"]]["seed"] == item["seed"], item
            continue
        key = (item["seed"], normalise(item["text"]))
        assert key in used, f"allow-listed text is not used: {item['text']!r}"
        assert key[1] not in seed_text(item["seed"]), (
            f"allow-listed text is in its seed, remove it from the list: {item['text']!r}"
        )


# Real addresses the organisation publishes for exactly this use: the privacy notice must name
# the data protection officer (GDPR art. 13.1 b). The site sends nothing to it.
PUBLISHED_ADDRESSES = {"dataskyddsombud@skr.se"}


def test_links_are_real_and_demo_addresses_are_made_up():
    raw = json.dumps(CONTENT, ensure_ascii=False)
    for href in re.findall(r'href=\\"([^"\\]*)', raw):
        assert href.startswith(("https://", "http://", "mailto:")), href
    for address in re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", raw):
        assert address.endswith("@example.org") or address in PUBLISHED_ADDRESSES, address


def test_every_seed_document_has_a_post():
    assert SEED_FILES == sorted(entry["seed"] for entry in CONTENT["posts"])


# --- (b) Loading is idempotent ---------------------------------------------------------


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "bloggers": Blogger.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "page permissions": GroupPagePermission.objects.count(),
        "collection permissions": GroupCollectionPermission.objects.count(),
        "sites": Site.objects.count(),
    }


@pytest.mark.django_db
def test_loading_twice_changes_nothing(demo):
    first = counts()
    call_command("load_demo", "--force", stdout=io.StringIO())
    assert counts() == first
    # root, index, the seed posts and pages, and the open event
    assert first["pages"] == 1 + 1 + len(CONTENT["posts"]) + len(CONTENT["pages"]) + 1
    assert first["bloggers"] == 3


@pytest.mark.django_db
def test_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=io.StringIO())
    assert not BlogPost.objects.exists()


