"""The demo content: a faithful transcription of the seed documents that loads cleanly.

The drift test checks that every text in blog/demo/content.json is found in the seed
document its entry names, so the transcription and the seeds cannot drift apart.
"""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
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

from blog.events.models import EventPost
from blog.models import Blogger, BlogIndexPage, BlogPost, BlogSettings, StandardPage

DEMO_DIR = Path(__file__).resolve().parents[2] / "blog" / "demo"
SEEDS_DIR = DEMO_DIR / "seeds"
CONTENT = json.loads((DEMO_DIR / "content.json").read_text(encoding="utf-8"))
SEED_FILES = sorted(p.name for p in SEEDS_DIR.glob("*.txt"))


# --- Normalising ------------------------------------------------------------------


def normalise(text):
    return " ".join(text.split())


def seed_text(name):
    """The seed document as plain text: markdown markup stripped, white space collapsed."""
    text = (SEEDS_DIR / name).read_text(encoding="utf-8")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [text](url) -> text
    text = re.sub(r"^[ \t]*#+[ \t]*", "", text, flags=re.MULTILINE)  # headings
    text = re.sub(r"^[ \t]*(?:[-•✓][ \t]+)+", "", text, flags=re.MULTILINE)  # bullets
    text = text.replace("*", "")  # bold and italics
    return normalise(text)


def rich_text_texts(html):
    """The text of each paragraph, list item and heading of a piece of rich text."""
    soup = BeautifulSoup(html, "html.parser")
    stray = [s for s in soup.find_all(string=True, recursive=False) if s.strip()]
    assert not stray, f"text outside any block element: {stray}"
    for br in soup.find_all("br"):
        br.replace_with(" ")
    for element in soup.find_all(["p", "li", "h2", "h3", "h4"]):
        yield element.get_text()


def session_texts(session):
    yield session["title"]
    yield from rich_text_texts(session.get("description") or "")
    for speaker in session.get("speakers", []):
        yield speaker["name"]
        yield speaker.get("role", "")


def stream_texts(blocks):
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "heading":
            yield value["text"]
        elif kind == "paragraph":
            yield from rich_text_texts(value)
        elif kind == "quote":
            yield value["text"]
            yield value.get("attribution", "")
        elif kind == "table":
            yield value["table_caption"]
            for row in value["data"]:
                yield from (cell or "" for cell in row)
        elif kind == "sessions":
            yield value.get("heading", "")
            for session in value["sessions"]:
                yield from session_texts(session)
        elif kind == "contact_person":
            yield value.get("lead", "")
            yield value["name"]
        elif kind == "image":
            yield value["alt_text"]
            yield value.get("caption", "")
        else:
            pytest.fail(f"the drift test does not know the block type {kind!r}")


def entry_texts(entry):
    """Every human-readable text of a post or page entry."""
    yield entry["title"]
    yield entry.get("intro", "")
    yield from stream_texts(entry.get("body", []))
    event = entry.get("event") or {}
    for key in ("time_note", "venue_name", "street_address", "locality", "cost_note"):
        yield event.get(key, "")
    for occasion in event.get("occasions", []):
        yield occasion.get("label", "")
    for session in event.get("programme", []):
        yield from session_texts(session)


def transcribed_texts():
    """(seed file, text, where) for every text of content.json that comes from a seed."""
    index = CONTENT["blog_index"]
    yield index["seed"], index["title"], "blog_index"
    for text in rich_text_texts(index["intro"]):
        yield index["seed"], text, "blog_index"
    for blogger in CONTENT["bloggers"]:
        yield blogger["seed"], blogger["name"], f"blogger {blogger['slug']}"
        yield blogger["seed"], blogger.get("role", ""), f"blogger {blogger['slug']}"
    for entry in CONTENT["posts"] + CONTENT["pages"]:
        for text in entry_texts(entry):
            yield entry["seed"], text, entry["slug"]
    blog_settings = CONTENT["settings"]
    for key in ("information_officer_name", "information_officer_title"):
        yield blog_settings["seed"], blog_settings[key], "settings"
    for text in rich_text_texts(blog_settings["about_text"]):
        yield blog_settings["seed"], text, "settings"


def allowed():
    return {(item["seed"], normalise(item["text"])) for item in CONTENT["allow_list"] if "text" in item}


def authored_pages():
    """Pages written for the site rather than transcribed (an allow_list item with "page")."""
    return {item["page"] for item in CONTENT["allow_list"] if "page" in item}


def post_entry(seed):
    return next(entry for entry in CONTENT["posts"] if entry["seed"] == seed)


def post_for(seed):
    return Page.objects.get(slug=post_entry(seed)["slug"]).specific


@pytest.fixture
def demo(db):
    call_command("load_demo", "--force", stdout=_Discard())
    return BlogIndexPage.objects.get()


class _Discard:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


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
    call_command("load_demo", "--force", stdout=_Discard())
    assert counts() == first
    # root, index, the seed posts and pages, and the open event
    assert first["pages"] == 1 + 1 + len(CONTENT["posts"]) + len(CONTENT["pages"]) + 1
    assert first["bloggers"] == 3


@pytest.mark.django_db
def test_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=_Discard())
    assert not BlogPost.objects.exists()


# --- (c) Structure is kept -------------------------------------------------------------


@pytest.mark.django_db
def test_site_structure(demo):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == demo.pk
    assert demo.title == "MR-bloggen"
    assert not Page.objects.filter(depth=2).exclude(pk=demo.pk).exists()  # no "Welcome" page
    assert BlogPost.objects.live().child_of(demo).count() == len(SEED_FILES) + 1  # the open event
    blog_settings = BlogSettings.load()
    assert blog_settings.information_officer_name == "Cecilia Ramqvist"
    assert blog_settings.about_page.specific.slug == "om-bloggen"
    assert blog_settings.rules_page.specific.slug == "regler-for-kommentarer"
    assert StandardPage.objects.live().count() == len(
        [entry for entry in CONTENT["pages"] if entry["type"] == "StandardPage"]
    )
    assert StandardPage.objects.live().filter(slug="tillganglighetsredogorelse").exists()
    assert blog_settings.accessibility_page.specific.slug == "tillganglighetsredogorelse"
    assert blog_settings.privacy_page.live and blog_settings.privacy_page.url == "/personuppgifter/"


@pytest.mark.django_db
def test_posts_are_published_on_their_date(demo):
    for entry in CONTENT["posts"]:
        post = post_for(entry["seed"])
        assert post.live and post.live_revision_id
        assert post.date.isoformat() == entry["date"]
        assert post.first_published_at.date().isoformat() == entry["date"]
        assert {b.slug for b in post.bloggers.all()} == set(entry["bloggers"])
        assert set(post.tags.names()) == set(entry["tags"])
        if isinstance(post, EventPost):
            assert post.date <= post.start_date


@pytest.mark.django_db
def test_conference_000_has_its_programme(demo):
    event = post_for("000_03905413e04a209c.txt")
    assert isinstance(event, EventPost)
    assert (event.start_time.isoformat(), event.end_time.isoformat()) == ("10:00:00", "16:00:00")
    assert event.address == "Scandic Plaza Umeå, Storgatan 40, Umeå"
    assert event.is_free and event.registration_deadline.isoformat() == "2022-11-24"
    sessions = [block.value for block in event.programme]
    assert len(sessions) == 5
    speakers = {s["name"]: s["role"] for session in sessions for s in session["speakers"]}
    assert speakers["Johanna Romare"] == "lektor i mänskliga rättigheter Uppsala universitet"
    assert "<ul>" in sessions[4]["description"].source


@pytest.mark.django_db
def test_post_001_links_to_the_conference(demo, client):
    html = client.get(post_for("001_4deb089ae358abdd.txt").url).content.decode()
    link = BeautifulSoup(html, "html.parser").find("a", string="Konferenser: anmälan och program")
    assert link is not None
    assert link["href"] == post_for("000_03905413e04a209c.txt").url


@pytest.mark.django_db
def test_post_002_has_three_seminars_with_times_and_a_contact(demo):
    post = post_for("002_12ff07892ad67805.txt")
    (session_list,) = [b.value for b in post.body if b.block_type == "sessions"]
    sessions = session_list["sessions"]
    assert len(sessions) == 3
    assert all(s["date"] and s["start_time"] and s["end_time"] for s in sessions)
    assert [s["date"].isoformat() for s in sessions] == ["2024-11-14", "2024-11-15", "2024-11-15"]
    (contact,) = [b.value for b in post.body if b.block_type == "contact_person"]
    assert contact["name"] == "Cecilia Ramqvist"
    assert contact["email"].endswith("@example.org")


@pytest.mark.django_db
def test_post_003_has_the_indicator_table(demo):
    post = post_for("003_c6acdb6202461c52.txt")
    (table,) = [b.value for b in post.body if b.block_type == "table"]
    assert len(table["data"]) == 16
    assert table["data"][0] == ["Indikator", "2014", "2015", "2016"]
    assert table["first_row_is_table_header"] and table["table_caption"]


@pytest.mark.django_db
def test_network_004_meets_four_times(demo):
    event = post_for("004_d48c59ac8433a43c.txt")
    assert isinstance(event, EventPost)
    dates = [(o.value["date"].isoformat(), o.value["end_date"]) for o in event.occasions]
    assert [d for d, _ in dates] == ["2018-01-29", "2018-03-23", "2018-06-01", "2018-08-28"]
    assert event.start_date.isoformat() == "2018-01-29"
    assert event.end_date.isoformat() == "2018-08-28"
    assert not event.is_free and event.cost_note
    assert event.registration_deadline.isoformat() == "2017-12-15"


# --- Groups and users ------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_users_can_log_in_with_their_roles(demo):
    User = get_user_model()
    for spec in CONTENT["users"]:
        user = User.objects.get(email=spec["email"])
        assert user.check_password(spec["password"])
    blogger = User.objects.get(email="bloggare@example.org")
    officer = User.objects.get(email="informationsansvarig@example.org")
    reader = User.objects.get(email="lasare@example.org")
    admin = User.objects.get(email="admin@example.org")
    for editor in (blogger, officer):
        perms = demo.permissions_for_user(editor)
        assert perms.can_add_subpage() and perms.can_publish_subpage()
        assert editor.has_perm("wagtailadmin.access_admin")
    assert blogger.has_perm("blog.change_blogger")
    assert not blogger.has_perm("blog.change_blogsettings")
    assert officer.has_perm("blog.change_blogsettings")
    assert not reader.has_perm("wagtailadmin.access_admin")
    assert admin.is_superuser


# --- (d) The pages render ----------------------------------------------------------------


@pytest.mark.django_db
def test_every_demo_page_renders(demo, client):
    assert client.get(demo.url).status_code == 200
    for entry in CONTENT["posts"] + CONTENT["pages"]:
        page = Page.objects.get(slug=entry["slug"])
        response = client.get(page.url)
        assert response.status_code == 200, entry["slug"]
        assert entry["title"] in response.content.decode()


@pytest.mark.django_db
def test_post_003_renders_an_accessible_table(demo, client):
    html = client.get(post_for("003_c6acdb6202461c52.txt").url).content.decode()
    table = BeautifulSoup(html, "html.parser").find("table")
    assert table is not None
    (caption,) = [b.value["table_caption"] for b in post_for("003_c6acdb6202461c52.txt").body
                  if b.block_type == "table"]
    assert normalise(table.caption.get_text()) == caption
    headers = [normalise(th.get_text()) for th in table.find_all("th")]
    assert headers == ["Indikator", "2014", "2015", "2016"]
    assert len(table.find_all("tr")) == 16


@pytest.mark.django_db
def test_event_posts_render_their_programme(demo, client):
    html = client.get(post_for("000_03905413e04a209c.txt").url).content.decode()
    assert "Johanna Romare" in html
    assert "registrering och fika från kl. 09:00" in html
    html = client.get(post_for("002_12ff07892ad67805.txt").url).content.decode()
    assert html.count('class="session"') == 3


@pytest.mark.django_db
def test_loading_again_restores_an_edited_post(demo):
    post = post_for("002_12ff07892ad67805.txt")
    post.title = "Ändrad rubrik"
    post.tags.set(["annat"])
    post.save_revision().publish()
    call_command("load_demo", "--force", stdout=_Discard())
    post = post_for("002_12ff07892ad67805.txt")
    assert post.title == "Välkomna till Mänskliga Rättighetsdagarna 2024"
    assert set(post.tags.names()) == set(post_entry("002_12ff07892ad67805.txt")["tags"])
    assert post.first_published_at.date().isoformat() == "2024-10-21"
