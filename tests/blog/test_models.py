"""Posts, event posts and blocks validate their own invariants, in Swedish."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from blog.blocks import CaptionedTableBlock, OccasionBlock, SessionBlock
from blog.events.models import EventPost
from blog.models import BlogPost
from tests.factories import make_blogger, make_event, make_post


@pytest.fixture(autouse=True)
def swedish():
    with translation.override("sv"):
        yield


def event(**fields):
    defaults = dict(
        title="Konferens", slug="konferens", intro="Ingress", date=datetime.date(2022, 10, 1),
        start_date=datetime.date(2022, 11, 30),
    )
    defaults.update(fields)
    return EventPost(**defaults)


def errors_of(exc):
    return {field: [str(m) for m in msgs] for field, msgs in exc.value.message_dict.items()}


@pytest.mark.django_db
def test_event_cannot_end_before_it_starts(blog_index):
    page = event(end_date=datetime.date(2022, 11, 29))
    with pytest.raises(ValidationError) as exc:
        page.clean()
    assert errors_of(exc)["end_date"] == ["Evenemanget kan inte sluta innan det börjar."]


@pytest.mark.django_db
def test_one_day_event_cannot_end_at_an_earlier_time(blog_index):
    page = event(start_time=datetime.time(16), end_time=datetime.time(10))
    with pytest.raises(ValidationError) as exc:
        page.clean()
    assert "end_time" in errors_of(exc)


@pytest.mark.django_db
def test_multi_day_event_may_end_at_an_earlier_clock_time(blog_index):
    page = event(
        end_date=datetime.date(2022, 12, 1),
        start_time=datetime.time(16), end_time=datetime.time(10),
    )
    assert page.clean() is None  # no ValidationError
    assert page.last_day == datetime.date(2022, 12, 1)


@pytest.mark.django_db
def test_last_day_to_register_cannot_be_after_the_event(blog_index):
    page = event(registration_deadline=datetime.date(2022, 12, 1))
    with pytest.raises(ValidationError) as exc:
        page.clean()
    assert errors_of(exc)["registration_deadline"] == [
        "Sista anmälningsdag kan inte vara efter att evenemanget har börjat."
    ]


@pytest.mark.django_db
def test_last_day_to_register_may_be_the_first_day(blog_index):
    page = event(registration_deadline=datetime.date(2022, 11, 30))
    assert page.clean() is None  # no ValidationError


@pytest.mark.django_db
def test_published_post_needs_a_blogger(blog_index):
    post = make_post(bloggers=[make_blogger()])
    post.bloggers.set([])
    with pytest.raises(ValidationError) as exc:
        post.full_clean()
    assert errors_of(exc)["bloggers"] == ["Ett publicerat inlägg måste ha minst en bloggare."]


@pytest.mark.django_db
def test_draft_post_may_lack_a_blogger(blog_index):
    post = make_post(bloggers=[], live=False)
    assert not post.live
    post.full_clean()  # no error for a draft


def test_session_cannot_end_before_it_starts():
    block = SessionBlock()
    value = block.to_python({
        "title": "Seminarium", "start_time": "15:30", "end_time": "10:00",
        "description": "", "speakers": [],
    })
    with pytest.raises(ValidationError) as exc:
        block.clean(value)
    assert "Ett programpass kan inte sluta innan det börjar." in str(exc.value.block_errors["end_time"])


def test_occasion_cannot_end_before_it_starts():
    block = OccasionBlock()
    value = block.to_python({"date": "2018-01-30", "end_date": "2018-01-29", "label": ""})
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.parametrize(
    "value, message",
    [
        ({"data": [["A", "B"], ["1", "2"]], "table_header_choice": "row", "table_caption": ""},
         "En tabell måste ha en tabellrubrik."),
        ({"data": [["A", "B"], ["1", "2"]], "table_header_choice": "neither", "table_caption": "X"},
         "En tabell måste ha en rubrikrad."),
    ],
)
def test_table_needs_caption_and_header_row(value, message):
    with pytest.raises(ValidationError) as exc:
        CaptionedTableBlock().clean(value)
    assert message in str(exc.value)


def test_table_with_caption_and_header_row_is_valid():
    value = {"data": [["A", "B"], ["1", "2"]], "table_header_choice": "row", "table_caption": "X"}
    assert CaptionedTableBlock().clean(value)["first_row_is_table_header"] is True


@pytest.mark.django_db
def test_event_address_joins_what_is_given(blog_index):
    page = make_event(venue_name="Saturnus konferens", street_address="Hornsgatan 15",
                      locality="Stockholm")
    assert page.address == "Saturnus konferens, Hornsgatan 15, Stockholm"
    assert isinstance(page, BlogPost)
