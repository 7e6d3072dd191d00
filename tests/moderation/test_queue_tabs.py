"""The queue's tabs and rows: what each tab lists and in which order, what a row shows, and
deciding from the row with and without JavaScript (JSON)."""

import json
import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from comments.models import Comment
from moderation import decisions
from moderation.models import Finding, Screening
from tests.comments.factory import make_comment, make_reader
from tests.moderation.test_queue import QUEUE, pending, staff

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def officer(db):
    return staff("officer", "view_comment", "change_comment")


@pytest.fixture
def post(blog_index):
    from tests.factories import make_post
    return make_post(title="Om rättigheter", intro="Kommuner och regioner arbetar med MR.")


def risky(post, text="Du är en idiot", risk=1.5, rule="good_tone", evidence="idiot"):
    comment = pending(post, text)
    Screening.objects.create(comment=comment, risk=risk)
    Finding.objects.create(comment=comment, rule=rule, reason="Oförskämda ord.",
                           evidence=evidence, score=risk)
    return comment


def row(html, pk):
    match = re.search(rf'<li class="queue-row" id="kommentar-{pk}".*?</li>\s*(?=<li class="queue-row"|</ol>)',
                      html, re.S)
    assert match, f"no row for {pk}"
    return match.group(0)


def tab_link(html, key):
    return re.search(rf'<a class="queue-tab" href="\?flik={key}"[^>]*>(.*?)</a>', html, re.S)


@pytest.mark.django_db
def test_tabs_count_and_the_default_is_waiting(client, officer, post):
    pending(post, "Väntande ett")
    pending(post, "Väntande två")
    make_comment(post, text="Publicerad redan")
    make_comment(post, text="Skräp", status=Comment.Status.SPAM)
    client.force_login(officer)
    html = client.get(QUEUE).content.decode()
    assert "Väntande ett" in html and "Publicerad redan" not in html and "Skräp" not in html
    assert 'aria-current="page"' in tab_link(html, "vantar").group(0)
    assert "Väntar" in tab_link(html, "vantar").group(1) and "(2)" in tab_link(html, "vantar").group(1)
    assert "(1)" in tab_link(html, "publicerade").group(1) and "(1)" in tab_link(html, "spam").group(1)
    assert "(0)" in tab_link(html, "avvisade").group(1) and "Anmälda" in tab_link(html, "anmalda").group(1)
    published = client.get(QUEUE, {"flik": "publicerade"}).content.decode()
    assert "Publicerad redan" in published and "Väntande ett" not in published
    assert 'aria-current="page"' in tab_link(published, "publicerade").group(0)
    assert "aria-current" not in tab_link(published, "vantar").group(0)
    assert "Att granska (2)" in html  # the menu says what the list shows


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["", "x" * 5000, "<script>", "vantar'--", "ÅÄÖ", "等待"])
def test_an_unknown_tab_is_waiting(client, officer, post, forged):
    pending(post, "Väntande")
    client.force_login(officer)
    response = client.get(QUEUE, {"flik": forged})
    assert response.status_code == 200 and "Väntande" in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main", 1)[-1].split("queue-tabs")[0]


@pytest.mark.django_db
def test_waiting_is_riskiest_first_then_oldest_and_decided_tabs_newest_decision_first(
    client, officer, post
):
    old = pending(post, "Gammal lugn")
    new = pending(post, "Ny lugn")
    danger = risky(post)
    client.force_login(officer)
    html = client.get(QUEUE).content.decode()
    assert html.index(f"kommentar-{danger.pk}") < html.index(f"kommentar-{old.pk}") < html.index(
        f"kommentar-{new.pk}")
    for comment in (old, new, danger):  # rejected in this order: danger decided last
        client.post(f"{QUEUE}reject/{comment.pk}/", {"rules": ["on_topic"], "status": "pending"})
    listing = client.get(QUEUE).content.decode().split('id="listing-results"', 1)[1]
    assert "kommentar-" not in listing  # each left Väntar at once
    rejected = client.get(QUEUE, {"flik": "avvisade"}).content.decode()
    assert rejected.index(f"kommentar-{danger.pk}") < rejected.index(f"kommentar-{new.pk}") < \
        rejected.index(f"kommentar-{old.pk}")


@pytest.mark.django_db
def test_a_row_shows_the_context(client, officer, post):
    author = make_reader(display_name="Åsa Öberg")
    make_comment(post, author, "Min tidigare publicerade")
    make_comment(post, author, "Min avvisade", status=Comment.Status.REJECTED)
    comment = risky(post, "Du är en idiot")
    comment.author = author
    comment.save()
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(hours=3))
    client.force_login(officer)
    html = row(client.get(QUEUE).content.decode(), comment.pk)
    assert f'data-comment="{comment.pk}"' in html
    assert 'href="/om-rattigheter/"' in html or post.url in html
    assert "Om rättigheter" in html and "Kommuner och regioner arbetar med MR." in html
    assert "Åsa Öberg" in html and "godkända 1 · avvisade 1 · skräppost 0" in html
    assert "kontot skapades för" in html
    assert "<details>" in html and "Min tidigare publicerade" in html and "Min avvisade" in html
    assert "Du är en <mark>idiot</mark>" in html and "Oförskämda ord." in html
    assert "väntat 3 h" in html
    assert f'href="{QUEUE}edit/{comment.pk}/"' in html
    for decision in ("approve", "reject", "spam"):
        assert f'data-decision="{decision}"' in html
    assert 'data-decision="undo"' not in html


@pytest.mark.django_db
def test_the_reject_form_pre_ticks_the_rules_the_checks_found(client, officer, post):
    comment = risky(post, rule="no_hate_or_threats", evidence="idiot")
    Finding.objects.create(comment=comment, rule="no_spam", reason="Länkar.", score=0.3)
    client.force_login(officer)
    html = row(client.get(QUEUE).content.decode(), comment.pk)
    ticked = set(re.findall(r'name="rules" value="(\w+)" checked', html))
    unticked = set(re.findall(r'name="rules" value="(\w+)">', html))
    assert ticked == {"no_hate_or_threats", "no_spam"}
    assert unticked == {"good_tone", "on_topic", "not_addressed_elsewhere"}
    page = client.get(f"{QUEUE}edit/{comment.pk}/").content.decode()
    assert re.search(r'value="no_hate_or_threats"[^>]*checked', page)


@pytest.mark.django_db
def test_deciding_from_the_row_without_javascript_comes_back_to_the_same_tab_and_page(
    client, officer, post
):
    comment = pending(post, "Bra inlägg")
    client.force_login(officer)
    back = f"{QUEUE}?flik=vantar&p=1"
    response = client.post(f"{QUEUE}approve/{comment.pk}/", {"status": "pending", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    page = client.get(back)
    html = page.content.decode()
    assert "Kommentaren godkändes och publicerades." in html
    just = html.split('id="queue-just-decided-heading"', 1)[1]
    assert f'id="kommentar-{comment.pk}"' in just and 'data-decision="undo"' in just
    assert "(0)" in tab_link(html, "vantar").group(1)
    undone = client.post(f"{QUEUE}undo/{comment.pk}/", {"status": "published", "next": back})
    assert undone["Location"] == back
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/admin/snippets/",
                                    "/admin/pages/", "javascript:alert(1)"])
def test_next_outside_the_queue_is_not_followed(client, officer, post, target):
    comment = pending(post)
    client.force_login(officer)
    response = client.post(f"{QUEUE}spam/{comment.pk}/", {"status": "pending", "next": target})
    assert response["Location"] == f"{QUEUE}edit/{comment.pk}/"


@pytest.mark.django_db
def test_deciding_with_json_returns_the_row_and_the_counts(client, officer, post):
    comment = risky(post)
    pending(post, "En till")
    client.force_login(officer)
    response = client.post(f"{QUEUE}reject/{comment.pk}/", {
        "status": "pending", "rules": ["good_tone"], "note": "Håll god ton, 謝謝.",
        "next": f"{QUEUE}?flik=vantar"}, **JSON)
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True and data["message"] == "Kommentaren avvisades."
    assert data["counts"] == {"vantar": 1, "anmalda": 0, "publicerade": 0, "avvisade": 1, "spam": 0}
    assert f'id="kommentar-{comment.pk}"' in data["row_html"]
    assert 'data-decision="undo"' in data["row_html"] and 'value="rejected"' in data["row_html"]
    entry = ModelLogEntry.objects.for_instance(comment).get()
    assert entry.data["rules"] == ["good_tone"] and entry.data["note"] == "Håll god ton, 謝謝."
    assert not list(get_messages(response.wsgi_request))  # JSON answers leave no message behind
    fetch = client.post(f"{QUEUE}undo/{comment.pk}/", {"status": "rejected"},
                        HTTP_X_REQUESTED_WITH="fetch")
    assert fetch.json()["ok"] and fetch.json()["counts"]["vantar"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize("form, message", [
    ({"status": "pending"}, "Välj minst en regel."),
    ({"status": "pending", "rules": ["no_such_rule"]}, "Välj ett giltigt alternativ"),
    ({"status": "pending", "rules": ["on_topic"], "note": "x" * 100_000}, "som mest 1000 tecken"),
    ({"status": "forged", "rules": ["on_topic"]}, "Formuläret var inaktuellt"),
])
def test_a_bad_reject_form_is_a_400_with_a_swedish_message(client, officer, post, form, message):
    comment = pending(post)
    client.force_login(officer)
    response = client.post(f"{QUEUE}reject/{comment.pk}/", form, **JSON)
    assert response.status_code == 400
    assert response.json()["ok"] is False and message in response.json()["message"]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    plain = client.post(f"{QUEUE}reject/{comment.pk}/", form, follow=True)
    assert message in plain.content.decode()


@pytest.mark.django_db
def test_a_second_decision_on_a_decided_comment_is_refused(client, officer, post):
    comment = pending(post)
    client.force_login(officer)
    assert client.post(f"{QUEUE}approve/{comment.pk}/", {"status": "pending"}, **JSON).json()["ok"]
    again = client.post(f"{QUEUE}spam/{comment.pk}/", {"status": "pending"}, **JSON)
    assert again.status_code == 409
    assert "har redan beslutat om kommentaren: den är nu ”Publicerad”" in again.json()["message"]
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert ModelLogEntry.objects.for_instance(comment).count() == 1


@pytest.mark.django_db
def test_undo_with_nothing_to_undo_is_a_409(client, officer, post):
    comment = make_comment(post, text="Screeningen tog den", status=Comment.Status.SPAM)
    client.force_login(officer)
    response = client.post(f"{QUEUE}undo/{comment.pk}/", {"status": "spam"}, **JSON)
    assert response.status_code == 409 and "inget beslut att ångra" in response.json()["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("pk", [999999, 0])
def test_a_forged_id_is_a_404(client, officer, post, pk):
    client.force_login(officer)
    for decision in ("approve", "reject", "spam", "undo"):
        assert client.post(f"{QUEUE}{decision}/{pk}/", {"status": "pending"}).status_code == 404
    assert client.get(f"{QUEUE}edit/{pk}/").status_code == 404


@pytest.mark.django_db
def test_a_decision_is_post_only(client, officer, post):
    comment = pending(post)
    client.force_login(officer)
    for decision in ("approve", "reject", "spam", "undo"):
        assert client.get(f"{QUEUE}{decision}/{comment.pk}/").status_code == 405


@pytest.mark.django_db
def test_text_is_escaped_in_the_row_and_its_json(client, officer, post):
    comment = pending(post, '<img src=x onerror=alert(1)> "Hej" & إرهاب')
    client.force_login(officer)
    html = row(client.get(QUEUE).content.decode(), comment.pk)
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    data = client.post(f"{QUEUE}approve/{comment.pk}/", {"status": "pending"}, **JSON).json()
    assert "<img src=x" not in data["row_html"] and "إرهاب" in data["row_html"]


def listing_queries(client):
    client.get(QUEUE)  # caches warm (content types, site root paths)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(QUEUE).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_waiting_tab_costs_the_same_queries_for_1_and_20_rows(client, officer, post):
    client.force_login(officer)
    first = risky(post)
    make_comment(post, first.author, "Tidigare")
    one = listing_queries(client)
    for i in range(19):
        comment = risky(post, f"Du är en idiot {i}", risk=1 + i / 10)
        make_comment(post, comment.author, f"Tidigare {i}", status=Comment.Status.REJECTED)
    assert listing_queries(client) == one


@pytest.mark.django_db
def test_a_json_decision_costs_the_same_queries_whatever_the_queue_holds(client, officer, post):
    client.force_login(officer)

    def decide_one():
        comment = risky(post)
        with CaptureQueriesContext(connection) as queries:
            assert client.post(f"{QUEUE}approve/{comment.pk}/", {"status": "pending"}, **JSON).json()["ok"]
        return len(queries)

    decide_one()
    few = decide_one()
    for i in range(20):
        risky(post, f"Fler {i}")
    assert decide_one() == few
    assert json.dumps  # the answer is JSON (checked above)
    assert decisions.APPROVE
