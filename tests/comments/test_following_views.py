"""Told when answered, the pages: one-click unsubscribe by token (RFC 8058: POST without
login or CSRF; GET only shows a button), forged tokens refused in Swedish, and the reader's
page "Det här följer du" with "Sluta följa" (login, POST + CSRF, own follows only)."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.following import follow
from comments.models import Follow
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.staff import give_totp, make_staff

pytestmark = pytest.mark.django_db
UNKNOWN = "Vi hittade inget att avsluta med den här länken."


@pytest.fixture
def post(blog_index):
    return make_post(title="Konferens om rättigheter")


@pytest.fixture
def karin(db):
    return make_reader(display_name="Karin")


@pytest.fixture
def followed(post, karin):
    return follow(make_comment(post, karin, "Blir det digitalt? 你好"), karin)


def link(follow_or_token):
    token = getattr(follow_or_token, "token", follow_or_token)
    return reverse("comments:unfollow_link", args=[token])


def test_a_get_of_the_link_shows_a_button_and_changes_nothing(client, followed):
    response = client.get(link(followed))
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "<h1>Sluta följa kommentaren</h1>" in html
    assert '<button type="submit">Sluta följa</button>' in html
    assert "”Konferens om rättigheter”" in html and "你好" in html
    assert Follow.objects.filter(pk=followed.pk).exists()


def test_one_click_post_without_login_or_csrf_stops_the_follow(followed):
    client = Client(enforce_csrf_checks=True)
    response = client.post(link(followed), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Du följer inte längre kommentaren" in response.content.decode()
    assert not Follow.objects.filter(pk=followed.pk).exists()
    # The same link again: already stopped, said in Swedish, nothing else changes.
    again = client.post(link(followed))
    assert again.status_code == 404 and UNKNOWN in again.content.decode()


@pytest.mark.parametrize("token", [
    "A" * 43, "x", "..%2F..%2Fetc", "ö" * 43, "A" * 65, "' OR 1=1 --", "%00" * 20,
])
def test_a_forged_or_unknown_token_is_refused_and_nothing_changes(client, followed, token):
    for method in (client.get, client.post):
        response = method(reverse("comments:unfollow_link", args=[token]))
        assert response.status_code == 404
        assert UNKNOWN in response.content.decode()
    assert Follow.objects.count() == 1


def test_the_other_methods_are_refused(client, followed):
    assert client.put(link(followed)).status_code == 405
    assert Follow.objects.count() == 1


# "Det här följer du".

def test_the_page_needs_a_login(client, followed):
    response = client.get(reverse("comments:following"))
    assert response.status_code == 302 and "login" in response["Location"]
    stop = client.post(reverse("comments:unfollow", args=[followed.pk]))
    assert stop.status_code == 302 and Follow.objects.count() == 1


def test_the_reader_sees_what_they_follow_and_stops_one(client, post, karin, followed):
    second = follow(make_comment(post, karin, "Och en till"), karin)
    follow(make_comment(post, make_reader(), "Någon annans"), make_reader())
    client.force_login(karin)
    html = client.get(reverse("comments:following")).content.decode()
    assert "<h1>Det här följer du</h1>" in html
    assert "Blir det digitalt?" in html and "Och en till" in html and "Någon annans" not in html
    assert 'Sluta följa<span class="visually-hidden"> din kommentar på ”Konferens om' in html
    assert reverse("comments:following") in client.get(reverse("comments:mine")).content.decode()
    response = client.post(reverse("comments:unfollow", args=[second.pk]))
    assert response["Location"] == reverse("comments:following")
    assert list(Follow.objects.filter(reader=karin)) == [followed]
    page = client.get(reverse("comments:following")).content.decode()
    assert "Du följer inte längre kommentaren." in page


def test_stopping_needs_post_and_csrf(karin, followed):
    client = Client(enforce_csrf_checks=True)
    client.force_login(karin)
    url = reverse("comments:unfollow", args=[followed.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no CSRF token
    assert Follow.objects.count() == 1


@pytest.mark.parametrize("who", ["reader", "blogger", "officer"])
def test_nobody_stops_someone_elses_follow(client, followed, who):
    user = make_reader() if who == "reader" else give_totp(
        make_staff("Bloggare" if who == "blogger" else "Informationsansvariga"))
    client.force_login(user)
    assert client.get(reverse("comments:following")).status_code == 200  # their own list
    for pk in (followed.pk, 2**31 - 1, 999999999999):
        assert client.post(reverse("comments:unfollow", args=[pk])).status_code == 404
    assert Follow.objects.count() == 1


def test_an_empty_list_says_how_to_follow(client, karin):
    client.force_login(karin)
    html = client.get(reverse("comments:following")).content.decode()
    assert "Du följer inga kommentarer. Kryssa i ”Meddela mig via e-post när någon svarar”" in html


def test_erasing_the_account_or_the_comment_ends_the_follow(client, post, karin, followed):
    from comments.services import erase_account

    other = make_reader()
    f = follow(make_comment(post, other, "Tas bort"), other)
    f.comment.delete()
    erase_account(karin)
    assert not Follow.objects.exists()


def test_the_download_of_the_readers_data_lists_what_they_follow(client, karin, followed):
    client.force_login(karin)
    data = client.get(reverse("comments:my_data")).json()
    assert data["follows"] == [{"comment": followed.comment_id, "post": "Konferens om rättigheter",
                                "since": followed.created_at.isoformat()}]
