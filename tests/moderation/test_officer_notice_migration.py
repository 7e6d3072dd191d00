"""moderation/migrations/0004_officer_notice.py: when officers were last told moves from the
editors' settings row to its own row, and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("moderation", "0003_seed_lists")]
AFTER = [("moderation", "0004_officer_notice")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_last_notice_moves_to_its_own_row_and_back():
    told = timezone.now() - datetime.timedelta(minutes=5)
    try:
        old = migrate(BEFORE)
        old.get_model("moderation", "ModerationSettings").objects.create(last_notice_at=told)
        new = migrate(AFTER)
        assert new.get_model("moderation", "OfficerNotice").objects.get().last_sent_at == told
        old = migrate(BEFORE)
        settings = old.get_model("moderation", "ModerationSettings").objects.get()
        assert settings.last_notice_at == told
    finally:
        # Back to the newest migrations, whichever came after 0004 (a later test needs them).
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
