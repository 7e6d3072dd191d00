"""Two officers, no double work: claims, refusals, concurrent decisions, and who may use
the queue's row decisions at all."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from comments.models import Comment
from moderation import claims
from moderation.models import Claim
from tests.comments.factory import make_reader
from tests.factories import make_post
from tests.moderation.test_queue import QUEUE, assert_denied_as_wagtail_does, pending, staff

JSON = {"HTTP_ACCEPT": "application/json"}


def officer_named(username, first_name):
    user = staff(username, "view_comment", "change_comment")
    user.first_name, user.last_name = first_name, "Lind"
    user.save()
    return user


@pytest.fixture
def anna(db):
    return officer_named("anna", "Anna")


@pytest.fixture
def bo(db):
    return officer_named("bo", "Bo")


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


@pytest.mark.django_db
def test_opening_a_comment_claims_it_and_others_see_who(client, anna, bo, post):
    comment = pending(post, "Att granska")
    client.force_login(anna)
    assert client.get(f"{QUEUE}edit/{comment.pk}/").status_code == 200
    claim = Claim.objects.get(comment=comment)
    assert claim.officer == anna and claim.expires_at > timezone.now() + timedelta(minutes=4)
    assert "Granskas av" not in client.get(QUEUE).content.decode()  # not to the holder
    client.force_login(bo)
    assert "Granskas av Anna Lind" in client.get(QUEUE).content.decode()
    page = client.get(f"{QUEUE}edit/{comment.pk}/").content.decode()
    assert "Granskas av Anna Lind" in page
    assert Claim.objects.get(comment=comment).officer == anna  # opening takes no claim away


@pytest.mark.django_db
def test_a_decision_on_a_comment_another_holds_is_refused(client, anna, bo, post):
    comment = pending(post)
    claims.take(comment.pk, anna)
    client.force_login(bo)
    for decision, form in [("approve", {}), ("spam", {}), ("reject", {"rules": ["on_topic"]})]:
        response = client.post(f"{QUEUE}{decision}/{comment.pk}/", {"status": "pending", **form}, **JSON)
        assert response.status_code == 409
        assert response.json() == {"ok": False,
                                   "message": "Anna Lind granskar redan kommentaren. Inget ändrades."}
    plain = client.post(f"{QUEUE}approve/{comment.pk}/", {"status": "pending"}, follow=True)
    assert "Anna Lind granskar redan kommentaren." in plain.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not ModelLogEntry.objects.for_instance(comment).exists()


@pytest.mark.django_db
def test_the_holder_decides_and_keeps_the_claim_and_a_dead_claim_is_no_obstacle(client, anna, bo, post):
    comment = pending(post)
    claims.take(comment.pk, anna)
    client.force_login(anna)
    assert client.post(f"{QUEUE}approve/{comment.pk}/", {"status": "pending"}, **JSON).json()["ok"]
    client.force_login(bo)  # anna may still undo: bo is refused
    assert client.post(f"{QUEUE}undo/{comment.pk}/", {"status": "published"}, **JSON).status_code == 409
    Claim.objects.filter(comment=comment).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "Granskas av" not in client.get(QUEUE, {"flik": "publicerade"}).content.decode()
    response = client.post(f"{QUEUE}undo/{comment.pk}/", {"status": "published"}, **JSON)
    assert response.json()["ok"] and Claim.objects.get(comment=comment).officer == bo


@pytest.mark.django_db
def test_the_claim_lasts_as_the_setting_says(client, anna, post, settings):
    settings.MODERATION_CLAIM_MINUTES = 1
    comment = pending(post)
    claims.take(comment.pk, anna)
    left = Claim.objects.get(comment=comment).expires_at - timezone.now()
    assert timedelta(seconds=50) < left <= timedelta(minutes=1)


@pytest.mark.django_db
def test_a_decision_made_since_the_page_was_drawn_is_refused_with_who(client, anna, bo, post):
    comment = pending(post)
    client.force_login(anna)
    client.post(f"{QUEUE}spam/{comment.pk}/", {"status": "pending"})
    Claim.objects.all().delete()  # no claim left: the status alone tells
    client.force_login(bo)
    response = client.post(f"{QUEUE}reject/{comment.pk}/", {"status": "pending", "rules": ["no_spam"]},
                           **JSON)
    assert response.status_code == 409
    assert response.json()["message"] == (
        "Anna Lind har redan beslutat om kommentaren: den är nu ”Spam”. Inget ändrades.")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM


def decide_at_once(officers, comment, decisions):
    """Each officer posts a decision on the comment from their own thread and connection,
    all released together; returns the HTTP statuses."""
    clients = []
    for officer in officers:
        c = Client()
        c.force_login(officer)
        clients.append(c)
    barrier = threading.Barrier(len(clients))
    results = [None] * len(clients)

    def run(i):
        try:
            barrier.wait()
            form = {"status": "pending", "rules": ["good_tone"]}
            results[i] = clients[i].post(f"{QUEUE}{decisions[i]}/{comment.pk}/", form, **JSON)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_officers_deciding_the_same_comment_at_once_make_one_decision(blog_index):
    """On PostgreSQL (CI) the row lock is select_for_update; on SQLite the IMMEDIATE
    transactions. Either way one decides and the other is told, and the log has one entry."""
    post = make_post(title="Samtidigt")
    comment = pending(post, "Båda vill besluta")
    anna, bo = officer_named("anna", "Anna"), officer_named("bo", "Bo")
    for _round in range(3):
        results = decide_at_once([anna, bo], comment, ["approve", "reject"])
        statuses = sorted(r.status_code for r in results)
        assert statuses == [200, 409], [r.content for r in results]
        refused = next(r for r in results if r.status_code == 409).json()["message"]
        assert "Inget ändrades." in refused
        comment.refresh_from_db()
        assert comment.status in (Comment.Status.PUBLISHED, Comment.Status.REJECTED)
        assert ModelLogEntry.objects.for_instance(comment).count() == 1
        # Back to waiting for the next round, nobody holding it.
        ModelLogEntry.objects.for_instance(comment).delete()
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.PENDING)
        Claim.objects.all().delete()


@pytest.mark.django_db
def test_who_may_decide_from_the_row(client, post):
    """Anonymous: the login page; a reader and a blogger without the permission: Wagtail's
    refusal; an officer: allowed. Nothing changes for the refused."""
    comment = pending(post)
    urls = [f"{QUEUE}{d}/{comment.pk}/" for d in ("approve", "reject", "spam", "undo")]
    form = {"status": "pending", "rules": ["on_topic"]}
    for url in urls + [f"{QUEUE}?flik=spam"]:
        response = client.post(url, form) if "?" not in url else client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    reader = make_reader()
    blogger = staff("blogger")
    for user in (reader, blogger):
        client.force_login(user)
        for url in urls:
            response = client.post(url, form, **JSON)
            if user is reader:
                assert response.status_code == 302 and "/login/" in response["Location"]
            else:
                assert_denied_as_wagtail_does(client, response, url)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and not Claim.objects.exists()
    client.force_login(staff("officer", "view_comment", "change_comment"))
    assert client.post(urls[2], form, **JSON).status_code == 200
    assert client.get(f"{QUEUE}?flik=spam").status_code == 200
