"""The one way a bench script starts Django: test settings on its own database, migrated.

Run as `python bench/<script>.py`, so this folder is on sys.path and the project root is added
here."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(db_path):
    """Django on `db_path` (SQLite) unless DATABASE_URL names another database; migrated."""
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{db_path}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "mrblogg.settings.test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
