"""Every event post offers an .ics download (blog/events/ical.py) and schema.org Event data."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup

from tests.factories import make_event


@pytest.fixture
def event(blog_index):
    return make_event(title="Regional konferens mänskliga rättigheter, Umeå")


def ics_url(event):
    return f"/kalender/{event.slug}/"


@pytest.mark.django_db
def test_the_post_links_to_the_calendar_file(client, event):
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    link = soup.find("a", string="Lägg till i kalender")
    assert link["href"] == ics_url(event)


@pytest.mark.django_db
def test_the_calendar_file(client, event):
    response = client.get(ics_url(event))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = text.replace("\r\n ", "")
    # 10:00-16:00 in Stockholm on 30 November (UTC+1).
    assert "DTSTART:20221130T090000Z" in unfolded
    assert "DTEND:20221130T150000Z" in unfolded
    assert "SUMMARY:Regional konferens mänskliga rättigheter\\, Umeå" in unfolded
    assert "LOCATION:Scandic Plaza Umeå\\, Storgatan 40\\, Umeå" in unfolded
    assert f"URL:http://localhost{event.url}" in unfolded or "URL:http" in unfolded


@pytest.mark.django_db
def test_an_event_meeting_on_several_days_has_one_calendar_entry_for_each(client, blog_index):
    event = make_event(
        start_date=datetime.date(2018, 1, 29), end_date=datetime.date(2018, 8, 28),
        occasions=[
            {"type": "occasion", "value": {"date": "2018-01-29", "end_date": "2018-01-30", "label": "Workshop 1"}},
            {"type": "occasion", "value": {"date": "2018-03-23", "end_date": None, "label": "Workshop 2"}},
        ],
        registration_deadline=datetime.date(2017, 12, 15),
    )
    text = client.get(ics_url(event)).content.decode().replace("\r\n ", "")
    assert text.count("BEGIN:VEVENT") == 2
    assert "DTSTART;VALUE=DATE:20180129" in text and "DTEND;VALUE=DATE:20180131" in text
    assert "DTSTART;VALUE=DATE:20180323" in text and "DTEND;VALUE=DATE:20180324" in text


@pytest.mark.django_db
def test_unknown_event_is_not_found(client, blog_index):
    assert client.get("/kalender/finns-inte/").status_code == 404


@pytest.mark.django_db
def test_schema_org_event_data(client, event):
    soup = BeautifulSoup(client.get(event.url).content, "html.parser")
    (script,) = soup.find_all("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["@type"] == "Event" and data["@context"] == "https://schema.org"
    assert data["name"] == event.title
    assert data["startDate"] == "2022-11-30T10:00:00+01:00"
    assert data["endDate"] == "2022-11-30T16:00:00+01:00"
    assert data["location"]["name"] == "Scandic Plaza Umeå"
    assert data["location"]["address"]["addressLocality"] == "Umeå"
    assert data["isAccessibleForFree"] is True
    assert data["url"].endswith(event.url)


@pytest.mark.django_db
def test_schema_org_data_cannot_close_its_script_element(client, blog_index):
    event = make_event(title="</script><script>alert(1)</script>")
    html = client.get(event.url).content.decode()
    head = html.split("</head>")[0]
    assert "<script>alert(1)" not in head
    data = json.loads(BeautifulSoup(head, "html.parser").find("script", type="application/ld+json").string)
    assert data["name"] == event.title
