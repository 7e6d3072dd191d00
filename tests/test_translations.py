"""The Swedish catalogues are complete: nothing untranslated, nothing fuzzy, .mo up to date,
every visible string in the code is in them, and every string of the Wagtail apps and
django-taggit the admin uses has Swedish (theirs or, where theirs has a gap, ours)."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
DOMAINS = ["django", "djangojs"]


def entries(domain="django"):
    return [e for e in polib.pofile(str(PO.with_name(f"{domain}.po"))) if not e.obsolete]


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_entry_is_translated_and_not_fuzzy(domain):
    untranslated = [e.msgid for e in entries(domain) if not e.translated()]
    fuzzy = [e.msgid for e in entries(domain) if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_catalogue_matches_the_po_file(domain):
    mo = PO.with_name(f"{domain}.mo")
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural) for e in polib.mofile(str(mo))}
    for e in entries(domain):
        assert compiled.get((e.msgctxt, e.msgid)) == (e.msgstr or e.msgstr_plural), e.msgid


def test_makemessages_finds_no_new_strings(tmp_path):
    """Extract afresh into a copy; any msgid the code has and the catalogue lacks fails here."""
    assert shutil.which("xgettext"), "GNU gettext is needed (Debian: apt-get install gettext)"
    copy = tmp_path / "project"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".venv", ".git", "node_modules", "media", "staticfiles", ".test-media", "*.sqlite3", "bench",
    ))
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "sv", "--no-obsolete",
         "--ignore", "tests/*", "--ignore", ".venv/*"],
        cwd=copy, check=True, capture_output=True, timeout=300,
    )
    fresh = {e.msgid for e in polib.pofile(str(copy / "locale/sv/LC_MESSAGES/django.po"))
             if not e.obsolete}
    known = {e.msgid for e in entries()}
    assert sorted(fresh - known) == []


def wagtail_catalogues(domain):
    """(English catalogue, Swedish catalogue) of every installed Wagtail app and taggit."""
    for app in apps.get_app_configs():
        if app.name == "wagtail" or app.name.startswith("wagtail.") or app.name == "taggit":
            en = Path(app.path) / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            if en.exists():
                yield en, Path(str(en).replace("/locale/en/", "/locale/sv/"))


def translated_keys(path):
    if not path.exists():
        return set()
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path))
            if not e.obsolete and e.translated() and "fuzzy" not in e.flags}


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_wagtail_and_taggit_string_has_swedish(domain):
    """Wagtail's own Swedish has gaps a blogger meets ("Side panel width", the table
    block's header choices, taggit's "A comma-separated list of tags."); ours fills them.
    A Wagtail upgrade that brings new untranslated strings fails here."""
    ours = translated_keys(PO.with_name(f"{domain}.po"))
    gaps = []
    for en, sv in wagtail_catalogues(domain):
        theirs = translated_keys(sv)
        gaps += [(str(en.relative_to(en.parents[3])), e.msgid) for e in polib.pofile(str(en))
                 if not e.obsolete and (e.msgctxt, e.msgid) not in theirs | ours]
    assert gaps == []


@pytest.mark.parametrize("msgid, swedish", [
    ("A comma-separated list of tags.", "En kommaseparerad lista med taggar."),
    ("Table headers", "Tabellrubriker"),
    ("Select a header option", "Välj hur rubrikerna ska visas"),
    ("Which cells should be displayed as headers?", "Vilka celler ska visas som rubriker?"),
    ("Saved", "Sparat"),
    ("Autosave is paused", "Automatisk sparning är pausad"),
    ("Side panel width", "Sidopanelens bredd"),
    ("There are no %(model_name)s to display.", "Det finns inga %(model_name)s att visa."),
])
def test_the_project_catalogue_wins_for_wagtail_strings(msgid, swedish):
    with translation.override("sv"):
        assert translation.gettext(msgid) == swedish


def test_the_admin_javascript_catalogue_reads_ours(editor_client):
    """Wagtail's JavaScriptCatalog is built from wagtail.admin's folder; Django merges
    LOCALE_PATHS into it, so our djangojs catalogue reaches the editor's scripts."""
    response = editor_client.get(reverse("wagtailadmin_javascript_catalog"))
    assert response.status_code == 200
    found = re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S)
    catalogue = json.loads(found.group(1))
    assert catalogue["Search options…"] == "Sök bland alternativen …"
    assert catalogue["Changes have been autosaved."] == "Ändringarna har sparats automatiskt."
    assert catalogue["%(num)s min"] == ["%(num)s min", "%(num)s min"]
