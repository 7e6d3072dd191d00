"""Time to decision: office hours in Stockholm, weekdays, Swedish public holidays off."""

import datetime
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from comments.models import Comment
from moderation import deadlines
from moderation.deadlines import (
    OFFICE_TIME_ZONE,
    OfficeHours,
    due_at,
    easter_sunday,
    office_time_between,
    received_before,
    swedish_holidays,
)
from moderation.models import ModerationSettings

HOURS = OfficeHours(datetime.time(8), datetime.time(17))
H = datetime.timedelta(hours=1)
UTC = datetime.UTC


def sthlm(*args):
    return datetime.datetime(*args, tzinfo=OFFICE_TIME_ZONE)


def settings_like(target=8, warning=2):
    return SimpleNamespace(decision_target_hours=target, decision_warning_hours=warning,
                           office_opens=datetime.time(8), office_closes=datetime.time(17))


def comment_at(moment, status=Comment.Status.PENDING):
    return Comment(created_at=moment, status=status, text="x")


@pytest.mark.parametrize("year, day", [
    (2024, (3, 31)), (2025, (4, 20)), (2026, (4, 5)), (2027, (3, 28)), (2028, (4, 16)),
    (2038, (4, 25)), (2285, (3, 22)), (1818, (3, 22)), (2000, (4, 23)), (2019, (4, 21)),
])
def test_easter_by_the_anonymous_gregorian_algorithm(year, day):
    assert easter_sunday(year) == datetime.date(year, *day)


def test_the_swedish_holidays_of_2027():
    days = swedish_holidays(2027)
    assert sorted((d.month, d.day) for d in days) == [
        (1, 1), (1, 6), (3, 26), (3, 28), (3, 29), (5, 1), (5, 6), (6, 6), (6, 25), (6, 26),
        (11, 6), (12, 24), (12, 25), (12, 26), (12, 31),
    ]
    assert days[datetime.date(2027, 3, 26)] == "långfredagen"
    assert days[datetime.date(2027, 6, 25)] == "midsommarafton"


@pytest.mark.parametrize("year, eve, all_saints", [
    (2026, (6, 19), (10, 31)), (2025, (6, 20), (11, 1)), (2024, (6, 21), (11, 2)),
    (2023, (6, 23), (11, 4)), (2022, (6, 24), (11, 5)), (2021, (6, 25), (11, 6)),
])
def test_midsummer_and_all_saints_by_their_rules(year, eve, all_saints):
    days = swedish_holidays(year)
    eve = datetime.date(year, *eve)
    assert days[eve] == "midsommarafton" and eve.weekday() == 4
    assert days[eve + datetime.timedelta(days=1)] == "midsommardagen"
    assert days[datetime.date(year, *all_saints)] == "alla helgons dag"


def test_office_time_within_one_day_and_across_a_night():
    assert office_time_between(sthlm(2026, 12, 1, 9), sthlm(2026, 12, 1, 11, 30), HOURS) == 2.5 * H
    assert office_time_between(sthlm(2026, 12, 1, 16), sthlm(2026, 12, 2, 9), HOURS) == 2 * H
    assert office_time_between(sthlm(2026, 12, 1, 18), sthlm(2026, 12, 2, 7), HOURS) == 0 * H
    assert office_time_between(sthlm(2026, 12, 2, 9), sthlm(2026, 12, 1, 9), HOURS) == 0 * H


def test_a_weekend_does_not_count():
    # Friday 4 December 2026 15.00 to Monday 7 December 10.00: 2 h + 2 h.
    assert office_time_between(sthlm(2026, 12, 4, 15), sthlm(2026, 12, 7, 10), HOURS) == 4 * H
    assert due_at(sthlm(2026, 12, 4, 15), 8 * H, HOURS) == sthlm(2026, 12, 7, 14)


def test_a_comment_received_at_night_waits_for_the_morning():
    due = due_at(sthlm(2026, 12, 1, 23, 40), 8 * H, HOURS)
    assert due == sthlm(2026, 12, 2, 16)
    # Sunday night: Monday's office hours.
    assert due_at(sthlm(2026, 12, 6, 3), 8 * H, HOURS) == sthlm(2026, 12, 7, 16)


def test_easter_2027_and_the_change_to_summer_time():
    # Thursday 25 March 16.00 (CET): 1 h, then Good Friday, Easter (and the clocks go forward
    # on Easter Sunday), Easter Monday off: 7 h on Tuesday 30 March, summer time.
    due = due_at(sthlm(2027, 3, 25, 16), 8 * H, HOURS)
    assert due == sthlm(2027, 3, 30, 15)
    assert due.astimezone(UTC) == datetime.datetime(2027, 3, 30, 13, tzinfo=UTC)
    assert office_time_between(sthlm(2027, 3, 25, 16), due, HOURS) == 8 * H


def test_the_change_back_to_winter_time():
    # Sunday 31 October 2027 the clocks go back; Friday 29th 16.00 to Monday 1 Nov 16.00.
    start = sthlm(2027, 10, 29, 16)
    assert office_time_between(start, sthlm(2027, 11, 1, 16), HOURS) == 9 * H
    assert due_at(start, 8 * H, HOURS) == sthlm(2027, 11, 1, 15)


def test_midsummer_2027():
    # Thursday 24 June 12.00: 5 h; midsommarafton (Friday), midsommardagen and Sunday off.
    assert due_at(sthlm(2027, 6, 24, 12), 8 * H, HOURS) == sthlm(2027, 6, 28, 11)


def test_christmas_and_new_year():
    # Wednesday 23 December 2026 16.00: 1 h; 24–27 off, 28–30 count, 31 Dec and 1 Jan off.
    assert due_at(sthlm(2026, 12, 23, 16), 8 * H, HOURS) == sthlm(2026, 12, 28, 15)
    assert due_at(sthlm(2026, 12, 30, 16), 8 * H, HOURS) == sthlm(2027, 1, 4, 15)


def test_received_before_is_the_inverse_of_office_time():
    now = sthlm(2027, 3, 30, 10)
    for spent in (0 * H, 1 * H, 2 * H, 8 * H, 30 * H):
        cutoff = received_before(now, spent, HOURS)
        assert office_time_between(cutoff, now, HOURS) == spent
        assert office_time_between(cutoff + datetime.timedelta(minutes=1), now, HOURS) < spent or spent == 0 * H


@pytest.mark.parametrize("now, expected, left, late", [
    (sthlm(2026, 12, 1, 12), "ok", 5 * H, 0 * H),
    (sthlm(2026, 12, 1, 15), "soon", 2 * H, 0 * H),
    (sthlm(2026, 12, 1, 16, 30), "soon", 0.5 * H, 0 * H),
    (sthlm(2026, 12, 1, 17), "overdue", 0 * H, 0 * H),
    (sthlm(2026, 12, 2, 3), "overdue", 0 * H, 0 * H),
    (sthlm(2026, 12, 2, 10), "overdue", 0 * H, 2 * H),
])
def test_state_ok_soon_overdue(now, expected, left, late):
    comment = comment_at(sthlm(2026, 12, 1, 9))
    deadline = deadlines.deadline(comment, now, settings_like())
    assert deadlines.state(comment, now, settings_like()) == expected
    assert (deadline.state, deadline.left, deadline.late) == (expected, left, late)
    assert deadline.due == sthlm(2026, 12, 1, 17)


@pytest.mark.parametrize("now", [
    sthlm(2027, 3, 30, 10, 15), sthlm(2027, 6, 28, 8), sthlm(2026, 12, 7, 23), sthlm(2027, 1, 4, 16, 59),
])
def test_the_cutoffs_agree_with_the_state_of_every_comment(now):
    soon, overdue = deadlines.cutoffs(now, settings_like())
    received = now - datetime.timedelta(days=12)
    while received < now:
        state = deadlines.state(comment_at(received), now, settings_like())
        assert (received <= overdue) == (state == "overdue"), received
        assert (received <= soon) == (state in ("soon", "overdue")), received
        received += datetime.timedelta(minutes=20)


@pytest.mark.django_db
def test_defaults_are_one_working_day_from_eight_to_five():
    s = ModerationSettings.load()
    assert (s.decision_target_hours, s.decision_warning_hours) == (8, 2)
    assert (s.office_opens, s.office_closes) == (datetime.time(8), datetime.time(17))
    assert due_at(sthlm(2026, 12, 1, 9)) == sthlm(2026, 12, 1, 17)
    assert office_time_between(sthlm(2026, 12, 1, 7), sthlm(2026, 12, 1, 18)) == 9 * H


@pytest.mark.django_db
def test_the_settings_refuse_an_office_closing_before_it_opens():
    from django.core.exceptions import ValidationError

    s = ModerationSettings.load()
    s.office_closes = datetime.time(7)
    with pytest.raises(ValidationError):
        s.full_clean()


def test_describe():
    assert deadlines.describe(2 * H) == "2 h"
    assert deadlines.describe(2.25 * H) == "2 h 15 min"
    assert deadlines.describe(0.4 * H) == "24 min"


@pytest.mark.django_db
@pytest.mark.parametrize("hours_ago, text", [
    (1, "Inom målet (7 h kvar)"), (7, "Snart försenad"), (10, "Försenad 3 h"),
])
def test_the_include_says_it_in_words(monkeypatch, hours_ago, text):
    now = sthlm(2026, 12, 1, 8) + datetime.timedelta(hours=hours_ago)
    if hours_ago > 9:  # the next morning, 10.00: 9 h the first day + 2 h
        now = sthlm(2026, 12, 2, 10)
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    comment = comment_at(sthlm(2026, 12, 1, 8))
    with translation.override("sv"):
        html = render_to_string("moderation/includes/deadline.html", {"comment": comment})
    assert text in html  # overdue: 9 h on Tuesday + 2 h on Wednesday, less the 8 h target
    assert "Mål:" in html


@pytest.mark.django_db
def test_the_include_says_nothing_once_decided():
    comment = comment_at(sthlm(2026, 12, 1, 8), status=Comment.Status.PUBLISHED)
    assert render_to_string("moderation/includes/deadline.html", {"comment": comment}).strip() == ""


@pytest.fixture
def officer(db):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("io", "io@example.org", "pw")
    user.groups.add(Group.objects.get_or_create(name="Informationsansvariga")[0])
    return user


def waiting_since(post, moment, text="Väntar"):
    from tests.comments.factory import make_comment

    comment = make_comment(post, text=text, status=Comment.Status.PENDING)
    Comment.objects.filter(pk=comment.pk).update(created_at=moment)
    return comment


@pytest.mark.django_db
def test_the_officers_notice_counts_the_comments_close_to_and_past_the_target(
        officer, blog_index, monkeypatch):
    from django.core import mail

    from moderation.tasks import notify_officers
    from tests.factories import make_post

    post = make_post()
    now = sthlm(2026, 12, 2, 10)  # Wednesday
    waiting_since(post, sthlm(2026, 11, 30, 9))  # Monday: overdue
    waiting_since(post, sthlm(2026, 12, 1, 9))  # Tuesday 9.00: 8 h + 2 h, overdue
    waiting_since(post, sthlm(2026, 12, 1, 13, 30))  # 3.5 h + 2 h: 2.5 h left, ok
    waiting_since(post, sthlm(2026, 12, 1, 12))  # 5 h + 2 h: 1 h left, soon
    waiting_since(post, sthlm(2026, 12, 2, 9, 30))  # ok
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)
    notify_officers.call()
    body = mail.outbox[-1].body
    assert "5 kommentarer väntar på granskning." in body
    assert "2 har väntat längre än tiden till beslut (8 kontorstimmar)." in body
    assert "1 är snart försenad." in body


@pytest.mark.django_db
def test_the_officers_notice_when_nothing_is_late(officer, blog_index, monkeypatch):
    from django.core import mail

    from moderation.tasks import notify_officers
    from tests.factories import make_post

    waiting_since(make_post(), sthlm(2026, 12, 5, 9))  # a Saturday: nothing counted yet
    monkeypatch.setattr("django.utils.timezone.now", lambda: sthlm(2026, 12, 7, 9))
    notify_officers.call()
    body = mail.outbox[-1].body
    assert "1 kommentar väntar på granskning." in body
    assert "Ingen är nära tiden till beslut (8 kontorstimmar)." in body
    assert "försenad" not in body
