"""Evidence for a police report: one comment's file, who may export it, and its log entry."""

import datetime
import hashlib

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from wagtail.models import ModelLogEntry

from comments.models import Comment
from comments.services import erase_account
from moderation import actions, evidence, record
from moderation.models import Finding, Screening
from tests.comments.factory import make_reader
from tests.factories import make_post

from .record_fixtures import QUEUE, make_officer, pending, staff

pytestmark = pytest.mark.django_db

THREAT = "Jag vet var du bor, Åsa.\nDu kommer att ångra dig. =HYPERLINK(\"x\") <b>&amp;</b>\n"
ARABIC = "سأجدك وأؤذيك"


@pytest.fixture
def officer(db):
    return make_officer()


@pytest.fixture
def post(blog_index):
    return make_post(title="Mänskliga rättigheter i kommunen")


@pytest.fixture
def threat(post):
    author = make_reader(display_name="Arg Läsare", email="arg@example.org")
    comment = pending(post, f"{THREAT}{ARABIC}", author=author)
    Comment.objects.filter(pk=comment.pk).update(
        created_at=datetime.datetime(2026, 7, 1, 12, 0, 5, tzinfo=datetime.UTC))
    Screening.objects.create(comment=comment, risk=2.5)
    Finding.objects.create(comment=comment, rule="no_hate_or_threats", reason="Ord av hot.",
                           evidence="ångra dig", score=2.5)
    comment.refresh_from_db()
    return comment


def url(comment_or_pk):
    return f"/admin/moderation/evidence/{getattr(comment_or_pk, 'pk', comment_or_pk)}/"


def exports(comment):
    return ModelLogEntry.objects.for_instance(comment).filter(action=record.EXPORT_EVIDENCE)


def test_the_file_holds_the_comment_exactly_and_everything_around_it(client, officer, threat):
    actions.reject(threat, officer, ["no_hate_or_threats", "good_tone"], "Hot mot en namngiven person")
    client.force_login(officer)
    response = client.post(url(threat))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    today = datetime.datetime.now(datetime.UTC).astimezone(evidence.OFFICE_TIME_ZONE).date()
    assert response["Content-Disposition"] == (
        f'attachment; filename="underlag-kommentar-{threat.pk}-{today:%Y-%m-%d}.txt"')
    text = response.content.decode("utf-8")
    between = text.split(evidence.TEXT_STARTS + "\n", 1)[1].split("\n" + evidence.TEXT_ENDS, 1)[0]
    assert between == f"{THREAT}{ARABIC}"  # exactly: line breaks, markup and formulas untouched
    assert "Underlag för polisanmälan – MR-bloggen" in text
    assert "Titel: Mänskliga rättigheter i kommunen" in text
    assert "Adress: http" in text and threat.post.url in text
    assert "Visningsnamn: Arg Läsare" in text and "E-post: arg@example.org" in text
    assert "Skriven: 2026-07-01 14:00:05 CEST (2026-07-01 12:00:05 UTC)" in text
    assert "Risk: 2.50" in text and "Skäl: Ord av hot." in text and "Belägg: ångra dig" in text
    assert "Regel: Kommentarer får inte innehålla hat eller hot" in text
    assert "Av: Olga Officer" in text and "Vad: Kommentaren avvisades" in text
    assert "* Kommentarerna ska hålla en god ton." in text
    assert "Anteckning: Hot mot en namngiven person" in text
    assert "<html" not in text.lower() and "&lt;" not in text
    digest = hashlib.sha256(f"{THREAT}{ARABIC}".encode()).hexdigest()
    assert f"SHA-256 av texten (UTF-8): {digest}" in text
    assert f"Längd (tecken): {len(THREAT + ARABIC)}" in text


def test_a_note_of_several_lines_stays_inside_its_entry(client, officer, threat):
    actions.reject(threat, officer, ["good_tone"], "Första raden\nAndra raden")
    client.force_login(officer)
    text = client.post(url(threat)).content.decode()
    assert "  Anteckning: Första raden\n    Andra raden\n" in text


def test_the_export_is_logged_and_shown_in_the_history(client, officer, threat):
    client.force_login(officer)
    client.post(url(threat))
    entry = exports(threat).get()
    assert entry.user == officer and entry.data["file_name"].startswith(f"underlag-kommentar-{threat.pk}-")
    history = client.get(f"{QUEUE}history/{threat.pk}/").content.decode()
    assert "Underlag exporterat för polisanmälan" in history
    # A second export shows the first in its trail.
    text = client.post(url(threat)).content.decode()
    assert "Vad: Underlag exporterat för polisanmälan" in text
    assert exports(threat).count() == 2


def test_no_decision_and_no_finding_yet(client, officer, post):
    comment = pending(post, "Bara en fråga")
    client.force_login(officer)
    text = client.post(url(comment)).content.decode()
    assert "Ingen kontroll hittade något." in text and "Status ändrad: –" in text
    assert "Inget beslut ännu." in text


def test_a_huge_text_is_exported_whole(client, officer, post):
    comment = pending(post, "ä" * 50_000 + ARABIC * 1000)
    client.force_login(officer)
    assert "ä" * 50_000 + ARABIC * 1000 in client.post(url(comment)).content.decode()


def test_a_decision_by_a_deleted_officer_stays_in_the_trail(client, officer, threat):
    gone = staff("gone", "view_comment", "change_comment", full_name="Gustav Borta")
    actions.reject(threat, gone, ["good_tone"], "Kvar efter att kontot togs bort")
    gone.delete()
    client.force_login(officer)
    text = client.post(url(threat)).content.decode()
    assert "Anteckning: Kvar efter att kontot togs bort" in text and "Gustav Borta" not in text


@pytest.mark.parametrize("gone", ["deleted author", "forged id"])
def test_a_deleted_author_or_a_forged_id_says_so_in_swedish(client, officer, threat, gone):
    pk = threat.pk if gone == "deleted author" else 987654
    if gone == "deleted author":
        erase_account(threat.author)  # the account's comments go with it
    client.force_login(officer)
    response = client.post(url(pk))
    assert response.status_code == 302 and response["Location"] == QUEUE
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Kommentaren finns inte längre, så det finns inget att exportera."]
    assert not ModelLogEntry.objects.filter(action=record.EXPORT_EVIDENCE).exists()


def test_get_does_not_export(client, officer, threat):
    client.force_login(officer)
    assert client.get(url(threat)).status_code == 405
    assert not exports(threat).exists()


def test_csrf_is_required(officer, threat):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(officer)
    assert csrf_client.post(url(threat)).status_code == 403
    assert not exports(threat).exists()


def test_refused_to_anonymous_readers_and_staff_without_the_permission(client, threat):
    response = client.post(url(threat))
    assert response.status_code == 302 and "/login/" in response["Location"]
    reader = make_reader()
    for who in [reader, staff("blogger"), staff("viewer", "view_comment", "delete_comment")]:
        client.force_login(who)
        response = client.post(url(threat))
        assert response.status_code == 302, who
        assert "attachment" not in response.get("Content-Disposition", "")
        if who != reader:
            assert response["Location"] == "/admin/"
    assert not exports(threat).exists()


def test_the_link_on_the_comments_page(client, officer, threat):
    client.force_login(officer)
    html = client.get(f"{QUEUE}edit/{threat.pk}/").content.decode()
    assert f'action="{url(threat)}"' in html
    assert "Exportera underlag för polisanmälan" in html and 'name="csrfmiddlewaretoken"' in html
