"""`manage.py screen_replay FILE`: its exact interface, and that nothing of the database changes."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from blog.models import BlogPost
from comments.models import Comment
from moderation.models import CommentFingerprint, Finding
from tests.factories import make_post
from tests.moderation.test_spam import CAMPAIGN

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

POST = {"title": "Barnets rättigheter i kommunen", "intro": "Barnkonventionen är lag.",
        "body": "Barnets bästa ska utredas.\n\nKommuner gör barnkonsekvensanalyser.",
        "tags": ["barnkonventionen"]}


def line(id, author, text, at, **post):
    return {"id": id, "author": author, "text": text, "at": at, **(post or {"post": POST})}


def write(tmp_path, rows):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                              for r in rows) + "\n", encoding="utf-8")
    return path


def replay(path):
    out = StringIO()
    call_command("screen_replay", str(path), stdout=out)
    return [json.loads(row) for row in out.getvalue().splitlines()]


def test_one_json_line_per_input_with_id_decision_rules_and_score(tmp_path, blog_index):
    rows = [
        line("a", "anna", "Tack för ett bra inlägg!", "2025-03-01T10:00:00+01:00"),
        line("b", "bo", "Din idiot, jag vet var du bor.", "2025-03-01T10:01:00+01:00"),
    ] + [line(f"s{i}", "spammare", CAMPAIGN, f"2025-03-01T11:0{i}:00+01:00") for i in range(4)]
    out = replay(write(tmp_path, rows))
    assert [o["id"] for o in out] == ["a", "b", "s0", "s1", "s2", "s3"]
    assert out[0] == {"id": "a", "decision": "pending", "rules": [], "score": 0}
    assert out[1]["rules"] == ["good_tone", "no_hate_or_threats"] and out[1]["score"] > 3
    assert [o["decision"] for o in out[2:]] == ["pending", "pending", "spam", "spam"]
    assert "no_spam" in out[5]["rules"]


def test_each_comment_is_replayed_at_its_own_time(tmp_path, blog_index):
    # Fifteen days apart: each outside the long spam window of the one before.
    apart = [line(f"s{i}", "spammare", CAMPAIGN, f"2025-{i + 1:02}-01T10:00:00Z") for i in range(4)]
    assert [o["decision"] for o in replay(write(tmp_path, apart))] == ["pending"] * 4
    # A drip, one a day: the third link to the same site is spam.
    daily = [line(f"d{i}", "droppare", CAMPAIGN, f"2025-03-0{i + 1}T10:00:00Z") for i in range(4)]
    assert [o["decision"] for o in replay(write(tmp_path, daily))] == ["pending"] * 2 + ["spam"] * 2


def test_an_account_is_as_old_as_its_first_comment_in_the_replay(tmp_path, blog_index):
    rows = [line("a", "ny", "Läs mer på https://example.com/a om barnets bästa.",
                 "2025-03-01T10:00:00Z"),
            line("b", "ny", "Och mer på https://example.com/b om barnets bästa.",
                 "2025-03-20T10:00:00Z")]
    first, second = replay(write(tmp_path, rows))
    assert first["score"] == 0.5 and second["score"] == 0  # new the first time, not 19 days on


def test_nothing_of_the_database_changes(tmp_path, blog_index):
    existing = make_post(title="Ett befintligt inlägg")
    User = get_user_model()
    before = (Comment.objects.count(), User.objects.count(), BlogPost.objects.count(),
              CommentFingerprint.objects.count(), Finding.objects.count())
    rows = [line("a", "anna", "Vilket pucko.", "2025-03-01T10:00:00"),
            line("b", "bo", "Bra!", "2025-03-01T10:00:00", post_slug=existing.slug)]
    out = replay(write(tmp_path, rows))
    assert out[0]["rules"] == ["good_tone"] and out[1]["rules"] == []
    after = (Comment.objects.count(), User.objects.count(), BlogPost.objects.count(),
             CommentFingerprint.objects.count(), Finding.objects.count())
    assert before == after


def test_replays_use_the_settings_of_a_fresh_install(tmp_path, blog_index):
    from moderation.models import ModerationSettings

    settings = ModerationSettings.load()
    settings.spam_min_repeats = 2
    settings.save()
    rows = [line(f"s{i}", "spammare", CAMPAIGN, f"2025-03-01T11:0{i}:00+01:00") for i in range(2)]
    assert [o["decision"] for o in replay(write(tmp_path, rows))] == ["pending", "pending"]


@pytest.mark.parametrize("bad, message", [
    ('{"id": "x", "author": "a", "text": "t", "at": "2025-03-01T10:00:00"', "not valid JSON"),
    ('["a list"]', "JSON object"),
    ('{"author": "a", "text": "t", "at": "2025-03-01T10:00:00", "post": {"title": "T"}}', '"id"'),
    ('{"id": "x", "author": "a", "text": "", "at": "2025-03-01T10:00:00", "post": {"title": "T"}}', '"text"'),
    ('{"id": "x", "author": "a", "text": "t", "at": "igår", "post": {"title": "T"}}', '"at"'),
    ('{"id": "x", "author": "a", "text": "t", "at": "2025-03-01T10:00:00"}', '"post"'),
    (('{"id": "x", "author": "a", "text": "t", "at": "2025-03-01T10:00:00", "post": {"title": "T"}, '
     '"post_slug": "s"}'), "exactly one"),
    (('{"id": "x", "author": "a", "text": "t", "at": "2025-03-01T10:00:00", '
     '"post": {"title": "T", "tags": "fel"}}'), "tags"),
    ('{"id": "x", "author": "a", "text": "t", "at": "2025-03-01T10:00:00", "post_slug": "finns-inte"}',
     "no post with slug"),
])
def test_a_malformed_line_is_named_by_its_number(tmp_path, blog_index, bad, message):
    good = line("a", "anna", "Tack!", "2025-03-01T10:00:00")
    path = write(tmp_path, [good, "", bad])
    with pytest.raises(CommandError) as error:
        replay(path)
    assert "line 3" in str(error.value) and message in str(error.value)
    assert not Comment.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        replay(tmp_path / "finns-inte.jsonl")


def test_the_command_works_on_a_freshly_migrated_database_and_exits_non_zero_on_errors(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "mrblogg.settings.test"}

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=300, check=False)

    assert manage("migrate", "-v0").returncode == 0
    good = manage("screen_replay", str(write(tmp_path, [
        line("a", "anna", "Hej Försäkringskassan! Ring mig på 070-123 45 67.", "2025-03-01T10:00:00"),
    ])))
    assert good.returncode == 0, good.stderr
    result = json.loads(good.stdout)
    # The fresh install trained the screening model: its findings may add to the lists'.
    assert result["decision"] == "pending" and "not_addressed_elsewhere" in result["rules"]
    assert result["score"] >= 2.3
    bad = manage("screen_replay", str(write(tmp_path, ['{"id": 1}'])))
    assert bad.returncode != 0 and "line 1" in bad.stderr
