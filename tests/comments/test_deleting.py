"""Deleting one's own comment at any time (comments/editing.py): a comment with replies keeps
its place as "Kommentaren är borttagen av skribenten" and nothing of its text; the replies
stay; the moderation record and statistics read as before."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.editing import delete_comment
from comments.models import Comment, CommentRevision, Report
from comments.services import CommentRefused, reader_data, submit_comment
from moderation import actions
from moderation.models import CommentFingerprint, Finding
from moderation.statistics import monthly_figures
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.moderation.test_queue import QUEUE, staff

PLACEHOLDER = "Kommentaren är borttagen av skribenten"


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


@pytest.fixture
def karin(db):
    return make_reader(display_name="Karin Dold")


@pytest.fixture
def question(post, karin):
    return make_comment(post, karin, "Min hemliga fråga")


def answer(post, parent, text="Ett svar", status=Comment.Status.PUBLISHED):
    reply = make_comment(post, make_reader(display_name="Ahmed"), text, status=status)
    reply.parent = parent
    reply.save()
    return reply


def delete_url(comment):
    return reverse("comments:delete", args=[comment.pk])


@pytest.mark.django_db
def test_a_comment_with_replies_stays_as_deleted_and_the_replies_stay(client, post, karin, question):
    reply = answer(post, question, "Svaret står kvar")
    client.force_login(karin)
    confirm = client.get(delete_url(question)).content.decode()
    assert "Svaren på den finns kvar; den visas som borttagen." in confirm
    response = client.post(delete_url(question))
    assert response["Location"] == f"{post.url}#kommentarer"
    question.refresh_from_db()
    assert question.text == "" and question.deleted_at is not None
    assert question.status == Comment.Status.PUBLISHED  # the officers' decision stands
    html = Client().get(post.url).content.decode()
    assert PLACEHOLDER in html and "Svaret står kvar" in html
    assert "Min hemliga fråga" not in html and "Karin Dold" not in html
    assert "svar till <bdi>en borttagen kommentar</bdi>" in html
    assert "1 kommentar" in html  # the deleted one is not counted
    thread = html.split(f'id="kommentar-{question.pk}"', 1)[1].split(f'id="kommentar-{reply.pk}"')[0]
    assert "Svara" not in thread and "Anmäl" not in thread
    # Nothing answers it any more, and it cannot be reported or deleted twice.
    with pytest.raises(CommentRefused):
        submit_comment(post=post, author=make_reader(), text="Svar", parent_id=question.pk)
    assert client.get(reverse("comments:report", args=[question.pk])).status_code == 404
    assert client.get(delete_url(question)).status_code == 404
    assert client.get(reverse("comments:permalink", args=[question.pk])).status_code == 404
    assert question.pk not in [c.pk for c in Comment.objects.filter(author=karin, text__gt="")]


@pytest.mark.django_db
def test_a_comment_nobody_answered_is_deleted(client, post, karin, question):
    client.force_login(karin)
    client.post(delete_url(question))
    assert not Comment.objects.filter(pk=question.pk).exists()


@pytest.mark.django_db
def test_deleting_a_reply_leaves_its_thread(client, post, question):
    reply = answer(post, question, "Mitt svar")
    client.force_login(reply.author)
    client.post(delete_url(reply))
    assert not Comment.objects.filter(pk=reply.pk).exists()
    question.refresh_from_db()
    assert question.text == "Min hemliga fråga" and question.deleted_at is None


@pytest.mark.django_db
def test_with_only_waiting_replies_nothing_shows_until_one_is_published(client, post, karin, question):
    reply = answer(post, question, "Väntande svar", status=Comment.Status.PENDING)
    delete_comment(comment=question, user=karin)
    assert Comment.objects.filter(pk=reply.pk).exists()  # the reply stays
    html = Client().get(post.url).content.decode()
    assert PLACEHOLDER not in html and "0 kommentarer" in html
    actions.approve(reply, staff("officer", "view_comment", "change_comment"))
    html = Client().get(post.url).content.decode()
    assert PLACEHOLDER in html and "Väntande svar" in html


@pytest.mark.django_db
def test_nobody_deletes_another_persons_comment(post, question):
    for who in [make_reader(), staff("officer", "view_comment", "change_comment", "delete_comment")]:
        client = Client()
        client.force_login(who)
        assert client.get(delete_url(question)).status_code == 404
        assert client.post(delete_url(question)).status_code == 404
    for pk in [987654, 10**30]:
        assert client.post(f"/kommentarer/{pk}/radera/").status_code == 404
    question.refresh_from_db()
    assert question.text == "Min hemliga fråga"


@pytest.mark.django_db
def test_a_delete_needs_post_and_the_csrf_token(karin, question):
    client = Client(enforce_csrf_checks=True)
    client.force_login(karin)
    assert client.get(delete_url(question)).status_code == 200  # the confirmation, no script
    assert client.post(delete_url(question)).status_code == 403
    assert Comment.objects.filter(pk=question.pk).exists()


@pytest.mark.django_db
def test_what_moderation_kept_of_the_text_goes_and_the_record_stays(client, post, karin):
    stored = submit_comment(post=post, author=karin, text="Du är en idiot, säger jag bara")
    officer = staff("officer", "view_comment", "change_comment")
    actions.approve(stored, officer)
    answer(post, stored)
    Report.objects.create(comment=stored, reporter=make_reader(), rule="good_tone")
    before = monthly_figures()[-1]
    assert CommentFingerprint.objects.filter(comment_id=stored.pk).exists()
    CommentRevision.objects.create(comment=stored, text="Äldre text", written_at=stored.created_at)
    delete_comment(comment=stored, user=karin)
    assert not CommentFingerprint.objects.filter(comment_id=stored.pk).exists()
    assert not Finding.objects.filter(comment_id=stored.pk).exclude(evidence="").exists()
    assert not CommentRevision.objects.filter(comment_id=stored.pk).exists()
    assert not Report.objects.filter(comment_id=stored.pk, resolved_at__isnull=True).exists()
    after = monthly_figures()[-1]
    assert (after.received, after.published) == (before.received, before.published)
    client.force_login(officer)
    page = client.get(f"{QUEUE}edit/{stored.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kommentaren är borttagen av skribenten" in html and "idiot" not in html
    assert client.get(f"{QUEUE}history/{stored.pk}/").status_code == 200


@pytest.mark.django_db
def test_the_readers_data_and_own_list_say_it_is_deleted(client, post, karin, question):
    answer(post, question)
    delete_comment(comment=question, user=karin)
    data = reader_data(karin)
    assert [(c["text"], bool(c["deleted"])) for c in data["comments"]] == [("", True)]
    client.force_login(karin)
    mine = client.get(reverse("comments:mine")).content.decode()
    assert "Du har inte skrivit några kommentarer än." in mine or PLACEHOLDER not in mine
