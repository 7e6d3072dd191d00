"""The moderation figures (moderation/statistics.py): exact on made-up data, a fixed number
of queries, cached and renewed by a decision."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from comments.models import Comment
from moderation import actions, statistics
from moderation.rules import RULE_KEYS
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post

STHLM = ZoneInfo("Europe/Stockholm")
NOW = datetime.datetime(2026, 12, 15, 12, 0, tzinfo=STHLM)


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=STHLM)


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


@pytest.fixture
def officer(db):
    return get_user_model().objects.create_user("officer", "officer@example.org", "pw")


def written(post, when, status=Comment.Status.PENDING, text="En kommentar"):
    comment = make_comment(post, text=text, status=status)
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    comment.refresh_from_db()
    return comment


def decided(comment, when, action, *args):
    """Take the decision through moderation.actions, then move its log entry to `when`."""
    action(comment, *args)
    entry = ModelLogEntry.objects.for_instance(comment).order_by("-pk").first()
    ModelLogEntry.objects.filter(pk=entry.pk).update(timestamp=when)


def by_month(figures):
    return {f.month: f for f in figures}


@pytest.fixture
def made_up(post, officer):
    """November: four comments; approved after 2 h, rejected (two rules) after 4 h, spam
    after 6 h, one waiting. October: a rejection that was undone and redone with another
    rule, decided after 10 h; a comment written 23:30 on 31 October UTC counts as November
    in Stockholm (00:30 on 1 November)."""
    a = written(post, at(2026, 11, 3, 8))
    decided(a, at(2026, 11, 3, 10), actions.approve, officer)
    b = written(post, at(2026, 11, 4, 8))
    decided(b, at(2026, 11, 4, 12), actions.reject, officer, ["good_tone", "on_topic"], "Nej")
    c = written(post, at(2026, 11, 5, 8))
    decided(c, at(2026, 11, 5, 14), actions.mark_spam, officer)
    written(post, at(2026, 11, 6, 8))
    d = written(post, at(2026, 10, 10, 8))
    decided(d, at(2026, 10, 10, 18), actions.reject, officer, ["good_tone"])
    decided(d, at(2026, 10, 10, 19), actions.undo, officer)
    decided(d, at(2026, 10, 10, 20), actions.reject, officer, ["no_hate_or_threats"])
    edge = datetime.datetime(2026, 10, 31, 23, 30, tzinfo=datetime.UTC)
    written(post, edge, status=Comment.Status.PUBLISHED)
    # Older than the twelve months: not counted anywhere.
    written(post, at(2025, 12, 1, 8), status=Comment.Status.SPAM)
    return {"a": a, "b": b, "c": c, "d": d}


def test_monthly_figures_exact(made_up):
    figures = statistics.monthly_figures(12, now=NOW)
    assert [f.month for f in figures][0] == datetime.date(2026, 1, 1)
    assert [f.month for f in figures][-1] == datetime.date(2026, 12, 1)
    months = by_month(figures)
    nov, oct_ = months[datetime.date(2026, 11, 1)], months[datetime.date(2026, 10, 1)]
    assert (nov.received, nov.published, nov.rejected, nov.spam, nov.waiting) == (5, 2, 1, 1, 1)
    assert nov.rejected_by_rule == {**dict.fromkeys(RULE_KEYS, 0), "good_tone": 1, "on_topic": 1}
    assert nov.median_hours == 4.0  # 2, 4, 6 hours
    assert (oct_.received, oct_.rejected) == (1, 1)
    # The undone rejection (good tone) no longer counts; the standing one does.
    assert oct_.rejected_by_rule["good_tone"] == 0
    assert oct_.rejected_by_rule["no_hate_or_threats"] == 1
    assert oct_.median_hours == 10.0  # the first decision counts, though undone
    empty = months[datetime.date(2026, 3, 1)]
    assert (empty.received, empty.median_hours) == (0, None)
    assert sum(f.received for f in figures) == 6  # December 2025 is outside


def test_even_number_of_waits_takes_the_middle_two(post, officer):
    for hours in (1, 2, 3, 10):
        comment = written(post, at(2026, 12, 1, 8))
        decided(comment, at(2026, 12, 1, 8) + datetime.timedelta(hours=hours),
                actions.approve, officer)
    december = statistics.monthly_figures(1, now=NOW)[0]
    assert december.median_hours == 2.5


def test_fixed_number_of_queries_whatever_the_months(made_up):
    with CaptureQueriesContext(connection) as one:
        statistics.monthly_figures(1, now=NOW)
    with CaptureQueriesContext(connection) as many:
        statistics.monthly_figures(36, now=NOW)
    assert len(one) == len(many) == 4


def test_fixed_number_of_queries_whatever_the_comments(post, officer):
    def count():
        with CaptureQueriesContext(connection) as queries:
            statistics.monthly_figures(12, now=NOW)
            statistics.weekly_decisions(8, now=NOW)
        return len(queries)

    before = count()
    for day in range(1, 15):
        comment = written(post, at(2026, 12, day, 8))
        decided(comment, at(2026, 12, day, 9), actions.reject, officer, ["on_topic"])
    assert count() == before == 5


def test_weekly_decisions_by_decision_week(made_up, officer, post):
    weeks = statistics.weekly_decisions(8, now=NOW)
    assert len(weeks) == 8 and weeks[-1].week == datetime.date(2026, 12, 14)
    assert all(w.week.weekday() == 0 for w in weeks)
    by_week = {w.week: w for w in weeks}
    week45 = by_week[datetime.date(2026, 11, 2)]  # 3–5 November
    assert (week45.approved, week45.spam) == (1, 1)
    assert week45.rejected_by_rule["good_tone"] == 1 and week45.rejected_by_rule["on_topic"] == 1
    assert week45.number == 45
    # 10 October is outside the eight weeks.
    assert sum(w.rejected_by_rule["no_hate_or_threats"] for w in weeks) == 0


def test_weekly_leaves_out_undone_decisions(post, officer):
    comment = written(post, at(2026, 12, 14, 8))
    decided(comment, at(2026, 12, 14, 9), actions.mark_spam, officer)
    decided(comment, at(2026, 12, 14, 10), actions.undo, officer)
    decided(comment, at(2026, 12, 14, 11), actions.approve, officer)
    this_week = statistics.weekly_decisions(8, now=NOW)[-1]
    assert (this_week.approved, this_week.spam) == (1, 0)


def test_forged_rule_keys_in_the_log_are_ignored(post, officer):
    comment = written(post, at(2026, 12, 2, 8))
    decided(comment, at(2026, 12, 2, 9), actions.reject, officer, ["good_tone"])
    entry = ModelLogEntry.objects.for_instance(comment).get()
    entry.data = {**entry.data, "rules": ["good_tone", "<script>", "no_such_rule"]}
    entry.save()
    december = statistics.monthly_figures(1, now=NOW)[0]
    assert set(december.rejected_by_rule) == set(RULE_KEYS)
    assert december.rejected_by_rule["good_tone"] == 1


@pytest.fixture
def fragment_cache(settings):
    """The test settings switch the fragment cache off; these tests need a real one."""
    settings.CACHES = {**settings.CACHES, "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "stats-test"}}
    caches["template_fragments"].clear()
    yield
    caches["template_fragments"].clear()


def test_cached_until_a_decision_renews_it(post, officer, fragment_cache,
                                           django_capture_on_commit_callbacks):
    comment = make_comment(post, status=Comment.Status.PENDING)
    first = statistics.cached_monthly_figures(12)
    with CaptureQueriesContext(connection) as queries:
        again = statistics.cached_monthly_figures(12)
    assert again == first and len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        actions.reject(comment, officer, ["good_tone"])
    renewed = statistics.cached_monthly_figures(12)
    assert renewed[-1].rejected == first[-1].rejected + 1
    assert renewed[-1].rejected_by_rule["good_tone"] == 1


def test_a_new_comment_renews_the_figures(post, fragment_cache):
    before = statistics.cached_monthly_figures(12)[-1].received
    make_comment(post, author=make_reader(), status=Comment.Status.PENDING)
    assert statistics.cached_monthly_figures(12)[-1].received == before + 1


def test_a_second_decision_stands_and_the_first_times_the_wait(post, officer):
    comment = written(post, at(2026, 12, 3, 8))
    decided(comment, at(2026, 12, 3, 9), actions.approve, officer)
    decided(comment, at(2026, 12, 3, 15), actions.reject, officer, ["not_addressed_elsewhere"])
    december = statistics.monthly_figures(1, now=NOW)[0]
    assert (december.published, december.rejected) == (0, 1)
    assert december.rejected_by_rule["not_addressed_elsewhere"] == 1
    assert december.median_hours == 1.0
    week = statistics.weekly_decisions(8, now=NOW)[-3]  # 30 November – 6 December
    assert week.approved == 1 and week.rejected_by_rule["not_addressed_elsewhere"] == 1


def test_log_entries_of_other_objects_and_forged_ids_do_not_count(post, officer):
    comment = written(post, at(2026, 12, 3, 8))
    decided(comment, at(2026, 12, 3, 9), actions.reject, officer, ["on_topic"])
    entry = ModelLogEntry.objects.for_instance(comment).get()
    # The same action and id logged on another model, and on an id that is no number.
    for object_id in (str(comment.pk), "1 OR 1=1", "٣"):
        ModelLogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(get_user_model()),
            object_id=object_id, action=entry.action, data={"rules": ["good_tone"]},
            timestamp=entry.timestamp, label="x",
        )
    december = statistics.monthly_figures(1, now=NOW)[0]
    assert december.rejected_by_rule == {**dict.fromkeys(RULE_KEYS, 0), "on_topic": 1}
    week = statistics.weekly_decisions(8, now=NOW)[-3]
    assert week.rejected_by_rule["good_tone"] == 0 and week.rejected_by_rule["on_topic"] == 1


def test_huge_numbers_of_comments_in_one_month(post):
    Comment.objects.bulk_create(
        Comment(post=post, author=post.owner or make_reader(), text="x" * 900,
                status=Comment.Status.SPAM)
        for _ in range(500)
    )
    assert statistics.monthly_figures(1)[0].spam == 500
