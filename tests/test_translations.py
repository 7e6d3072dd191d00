"""The Swedish catalogue is complete: nothing untranslated, nothing fuzzy, .mo up to date,
and every visible string in the code is in it."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def entries():
    return [e for e in polib.pofile(str(PO)) if not e.obsolete]


def test_every_entry_is_translated_and_not_fuzzy():
    untranslated = [e.msgid for e in entries() if not e.translated()]
    fuzzy = [e.msgid for e in entries() if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_matches_the_po_file():
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural) for e in polib.mofile(str(MO))}
    for e in entries():
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
