"""A post and an event post as the reader sees them."""

import datetime
import re

import pytest

from tests.factories import (
    make_blogger,
    make_event,
    make_open_event,
    make_post,
    make_registration_form,
)


@pytest.mark.django_db
def test_post_page_shows_structure(client, blog_index):
    anna = make_blogger(name="Anna Andersson", slug="anna", role="SKR")
    post = make_post(
        title="Rättighetsdagarna", intro="Ingressen.", bloggers=[anna], tags=["MR-dagarna"],
        body=[
            ("heading", {"text": "Program", "level": "h2"}),
            ("sessions", {"heading": "Seminarier", "sessions": [{
                "title": "Korruptionsbekämpning", "date": datetime.date(2024, 11, 14),
                "start_time": datetime.time(10, 30), "end_time": datetime.time(11, 30),
                "description": "<p>Om risker.</p>", "speakers": [],
            }]}),
            ("contact_person", {"lead": "Vid frågor:", "name": "Cecilia Ramqvist",
                                "email": "cecilia@example.org", "phone": ""}),
            ("table", {"data": [["Indikator", "2014"], ["MR", "100"]],
                       "first_row_is_table_header": True, "first_col_is_header": False,
                       "table_caption": "Indikatorer per år", "table_header_choice": "row"}),
        ],
    )
    html = client.get(post.url).content.decode()
    assert "<h1>Rättighetsdagarna</h1>" in html
    assert "<h2>Program</h2>" in html
    assert '<time datetime="2024-11-14">Torsdag 14 november</time>' in html
    assert "10.30–11.30" in html
    assert 'href="mailto:cecilia@example.org"' in html
    assert "<caption>Indikatorer per år</caption>" in html
    assert '<th scope="col"' in html
    assert 'href="/bloggare/anna/">Anna Andersson</a>, SKR' in html


@pytest.mark.django_db
def test_event_post_shows_practical_information_and_programme(client, blog_index):
    event = make_event(
        title="Regional konferens", time_note="registrering och fika från kl. 09:00",
        programme=[("session", {
            "title": "Den statliga värdegrunden", "description": "<p>Föreläsning.</p>",
            "speakers": [{"name": "Johanna Romare", "role": "lektor, Uppsala universitet"}],
        })],
    )
    html = client.get(event.url).content.decode()
    assert "Praktisk information" in html
    assert '<time datetime="2022-11-30">30 november 2022</time>' in html
    assert "10:00–16:00 (registrering och fika från kl. 09:00)" in html
    assert "Scandic Plaza Umeå, Storgatan 40, Umeå" in html
    assert "Sista anmälningsdag" in html and "24 november 2022" in html
    assert "Kostnadsfritt." in html
    assert "Johanna Romare, lektor, Uppsala universitet" in html


@pytest.mark.django_db
def test_multi_day_event_lists_its_meetings(client, blog_index):
    event = make_event(
        start_date=datetime.date(2018, 1, 29), end_date=datetime.date(2018, 8, 28),
        registration_deadline=datetime.date(2017, 12, 15), is_free=False,
        start_time=None, end_time=None,
        occasions=[
            ("occasion", {"date": datetime.date(2018, 1, 29), "end_date": datetime.date(2018, 1, 30), "label": "Workshop 1"}),
            ("occasion", {"date": datetime.date(2018, 8, 28), "end_date": None, "label": "Workshop 4"}),
        ],
    )
    html = client.get(event.url).content.decode()
    assert "29 januari 2018</time>–<time" in html
    assert "Workshop 4" in html


# 13 for the blog, +1 for the event's registration fields, +3 for the comment area
# (settings, comments, count), +1 for whether the post has comment feeds (no view
# restriction; from the fragment cache on a running site, which these tests turn off).
POST_QUERIES = 18


@pytest.mark.django_db
@pytest.mark.parametrize("n_extra", [0, 15])
def test_post_page_renders_in_constant_queries(client, blog_index, django_assert_num_queries, n_extra):
    bloggers = [make_blogger() for _ in range(1 + n_extra)]
    for i in range(n_extra):
        make_post(bloggers=bloggers[:i + 1], tags=[f"t{j}" for j in range(i + 1)],
                  date=datetime.date(2020, 1, 1) + datetime.timedelta(days=30 * i))
    post = make_event(bloggers=bloggers, tags=[f"t{j}" for j in range(n_extra + 1)])
    client.get(post.url)
    with django_assert_num_queries(POST_QUERIES):
        assert client.get(post.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("body_heading", ["Anmälan", " anmälan ", "ANMÄLAN"])
def test_one_registration_heading_when_the_body_has_its_own(client, blog_index, body_heading):
    event = make_registration_form(make_open_event(body=[
        ("heading", {"text": body_heading, "level": "h2"}),
        ("paragraph", "<p>I anmälan ska framgå kommunens namn.</p>"),
    ]))
    html = client.get(event.url).content.decode()
    headings = re.findall(r"<h[1-6][^>]*>\s*([^<]*?)\s*</h[1-6]>", html)
    assert [h.casefold() for h in headings].count("anmälan") == 1, headings
    # The form is still there, and "Anmäl dig" still leads to it.
    assert 'id="registration-heading"' in html
    assert 'href="#registration-heading"' in html
    assert 'class="page-form"' in html


@pytest.mark.django_db
def test_the_registration_section_has_its_heading_otherwise(client, blog_index):
    event = make_registration_form(make_open_event(body=[
        ("heading", {"text": "Anmälan och avgift", "level": "h2"}),
    ]))
    html = client.get(event.url).content.decode()
    assert '<h2 id="registration-heading">Anmälan</h2>' in html
