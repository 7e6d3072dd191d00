"""A reader's own comments and data: delete, list, download, erase."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from comments.models import Comment
from mrblogg.models import OutgoingEmail
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post


@pytest.fixture
def post(blog_index):
    return make_post(title="Inlägget")


@pytest.mark.django_db
def test_reader_deletes_own_comment_after_confirming(client, post):
    reader = make_reader()
    comment = make_comment(post, reader, "Ångrar mig")
    client.force_login(reader)
    url = reverse("comments:delete", args=[comment.pk])
    confirm = client.get(url)
    assert "Vill du radera din kommentar" in confirm.content.decode()
    assert Comment.objects.filter(pk=comment.pk).exists()
    response = client.post(url)
    assert response["Location"] == f"{post.url}#kommentarer"
    assert not Comment.objects.filter(pk=comment.pk).exists()
    html = client.get(post.url).content.decode()
    assert "Ångrar mig" not in html and "0 kommentarer" in html


@pytest.mark.django_db
def test_reader_cannot_touch_another_readers_comment(client, post):
    comment = make_comment(post, make_reader(), "Inte din")
    client.force_login(make_reader())
    url = reverse("comments:delete", args=[comment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


@pytest.mark.django_db
def test_visitor_cannot_delete(client, post):
    comment = make_comment(post)
    response = client.post(reverse("comments:delete", args=[comment.pk]))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    assert Comment.objects.filter(pk=comment.pk).exists()


@pytest.mark.django_db
def test_my_comments_lists_every_status(client, post):
    reader = make_reader()
    make_comment(post, reader, "Väntar", status=Comment.Status.PENDING)
    make_comment(post, reader, "Avvisad", status=Comment.Status.REJECTED)
    make_comment(post, make_reader(), "Någon annans")
    client.force_login(reader)
    response = client.get(reverse("comments:mine"))
    html = response.content.decode()
    assert "Väntar på granskning" in html and "Avvisad" in html
    assert "Någon annans" not in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_download_all_my_data_as_json(client, post):
    reader = make_reader(display_name="Karin", email="karin@example.org")
    make_comment(post, reader, "Min kommentar")
    make_comment(post, make_reader(), "Inte min")
    client.force_login(reader)
    response = client.get(reverse("comments:my_data"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "karin@example.org"
    assert data["account"]["display_name"] == "Karin"
    assert [c["text"] for c in data["comments"]] == ["Min kommentar"]
    assert data["comments"][0]["post"] == "Inlägget"


@pytest.mark.django_db
def test_delete_account_needs_the_password_and_removes_the_comments(client, post):
    reader = make_reader()
    make_comment(post, reader, "Försvinner")
    kept = make_comment(post, make_reader(), "Stannar")
    client.force_login(reader)
    url = reverse("comments:delete_account")
    wrong = client.post(url, {"password": "fel"})
    assert "Lösenordet stämmer inte." in wrong.content.decode()
    assert get_user_model().objects.filter(pk=reader.pk).exists()
    response = client.post(url, {"password": "lösenord-123"})
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=reader.pk).exists()
    assert list(Comment.objects.all()) == [kept]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_erasing_the_account_erases_the_mail_waiting_for_it(client, post, settings):
    settings.EMAIL_BACKEND = "mrblogg.outbox.QueuedEmailBackend"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    reader = make_reader(email="göran@exempel.se")
    reader.emailaddress_set.create(email="andra@exempel.se", verified=False)
    send_mail("Återställ ditt lösenord", "https://example.org/reset/x/", None, [reader.email])
    send_mail("Bekräfta adressen", "https://example.org/confirm/y/", None, ["andra@exempel.se"])
    send_mail("Till någon annan", "Hej", None, ["annan@exempel.se"])
    client.force_login(reader)
    client.post(reverse("comments:delete_account"), {"password": "lösenord-123"})
    assert list(OutgoingEmail.objects.values_list("recipients", flat=True)) == [
        "annan@exempel.se"
    ]
