"""The demo content's texts and where they come from: helpers of the demo-content tests."""

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from wagtail.models import (
    Page,
)

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

