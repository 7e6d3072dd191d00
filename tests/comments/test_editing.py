"""Editing one's own comment while it waits (comments/editing.py, comments/edit_views.py):
screened again through the seam, each earlier text kept and shown to the officer, and every
edit that may not happen refused in Swedish with nothing stored."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.closure import close
from comments.editing import edit_waiting_comment
from comments.models import Comment, CommentRevision, CommentSettings
from comments.services import CommentRefused
from moderation.models import Claim, CommentFingerprint, Finding
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.moderation.test_queue import QUEUE, staff
from tests.staff import give_totp, make_staff

NOT_EDITABLE = "Bara dina egna kommentarer som väntar på granskning kan ändras."


@pytest.fixture(autouse=True)
def _limits(fresh_rate_limits):
    yield


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


@pytest.fixture
def karin(db):
    return make_reader(display_name="Karin")


@pytest.fixture
def waiting(post, karin):
    return make_comment(post, karin, "Först skrivet", status=Comment.Status.PENDING)


def edit_url(comment):
    return reverse("comments:edit", args=[comment.pk])


def nothing_changed(comment, text):
    comment.refresh_from_db()
    assert comment.text == text and comment.edited_at is None
    assert not CommentRevision.objects.filter(comment=comment).exists()


@pytest.mark.django_db
def test_the_author_edits_a_waiting_comment_from_my_comments(client, karin, waiting):
    client.force_login(karin)
    mine = client.get(reverse("comments:mine")).content.decode()
    assert f"{edit_url(waiting)}?tillbaka=mina" in mine
    page = client.get(f"{edit_url(waiting)}?tillbaka=mina").content.decode()
    assert "Ändra din kommentar" in page and "Först skrivet</textarea>" in page
    assert "captcha" not in page  # logged in, rate limited, own waiting comment: no CAPTCHA
    response = client.post(edit_url(waiting), {"text": "Rättat: Åsa, Привет, 你好", "tillbaka": "mina"})
    assert response.status_code == 302 and response["Location"] == reverse("comments:mine")
    waiting.refresh_from_db()
    assert waiting.text == "Rättat: Åsa, Привет, 你好" and waiting.status == Comment.Status.PENDING
    assert waiting.edited_at is not None
    assert list(CommentRevision.objects.values_list("text", flat=True)) == ["Först skrivet"]
    mine = client.get(reverse("comments:mine")).content.decode()
    assert "Din kommentar är ändrad. Den väntar på granskning innan den publiceras." in mine
    assert "ändrad" in mine and "Привет" in mine


@pytest.mark.django_db
def test_the_post_page_offers_the_edit_where_the_author_sees_it_waiting(client, post, karin, waiting):
    other = make_comment(post, make_reader(), "Någon annans väntande", status=Comment.Status.PENDING)
    client.force_login(karin)
    html = client.get(post.url).content.decode()
    assert edit_url(waiting) in html and edit_url(other) not in html
    response = client.post(edit_url(waiting), {"text": "Ny lydelse"})
    assert response["Location"] == f"{post.url}#kommentar-{waiting.pk}"
    assert "Ny lydelse" in client.get(post.url).content.decode()
    # A published comment of hers offers no edit.
    published = make_comment(post, karin, "Redan publicerad")
    assert edit_url(published) not in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_the_edited_text_is_screened_again(karin, waiting):
    before = CommentFingerprint.objects.get(comment_id=waiting.pk).exact if \
        CommentFingerprint.objects.filter(comment_id=waiting.pk).exists() else None
    edit_waiting_comment(pk=waiting.pk, author=karin, text="Du är en idiot och ett pucko")
    assert Finding.objects.filter(comment=waiting, rule="good_tone").exists()
    fingerprint = CommentFingerprint.objects.get(comment_id=waiting.pk)  # the new text indexed
    assert fingerprint.exact != before
    edit_waiting_comment(pk=waiting.pk, author=karin, text="Tack för ett bra inlägg om rättigheter")
    assert not Finding.objects.filter(comment=waiting, rule="good_tone").exists()
    assert CommentFingerprint.objects.filter(comment_id=waiting.pk).count() == 1
    assert CommentRevision.objects.filter(comment=waiting).count() == 2


@pytest.mark.django_db
def test_the_same_text_again_keeps_no_revision(karin, waiting):
    edit_waiting_comment(pk=waiting.pk, author=karin, text="  Först skrivet  ")
    waiting.refresh_from_db()
    assert waiting.text == "Först skrivet" and waiting.edited_at is None
    assert not CommentRevision.objects.filter(comment=waiting).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Comment.Status.PUBLISHED, Comment.Status.REJECTED,
                                    Comment.Status.SPAM])
def test_a_decided_comment_is_not_edited(client, post, karin, status):
    comment = make_comment(post, karin, "Beslutad", status=status)
    client.force_login(karin)
    page = client.get(edit_url(comment))
    assert page.status_code == 409 and NOT_EDITABLE in page.content.decode()
    response = client.post(edit_url(comment), {"text": "Ändrad i efterhand"})
    assert response.status_code == 409 and NOT_EDITABLE in response.content.decode()
    nothing_changed(comment, "Beslutad")


@pytest.mark.django_db
def test_another_persons_comment_and_forged_ids_are_not_found(client, karin, waiting):
    for who in [make_reader(), give_totp(make_staff("Bloggare")),
                staff("officer", "view_comment", "change_comment")]:
        client.force_login(who)
        assert client.get(edit_url(waiting)).status_code == 404
        assert client.post(edit_url(waiting), {"text": "Kapad"}).status_code == 404
    client.force_login(karin)
    for pk in [987654, 2**31, 10**30]:
        url = f"/kommentarer/{pk}/andra/"
        assert client.get(url).status_code == 404
        assert client.post(url, {"text": "Kapad"}).status_code == 404
    nothing_changed(waiting, "Först skrivet")
    with pytest.raises(CommentRefused):
        edit_waiting_comment(pk=waiting.pk, author=make_reader(), text="Kapad")
    nothing_changed(waiting, "Först skrivet")


@pytest.mark.django_db
def test_a_visitor_is_sent_to_log_in(client, waiting):
    response = client.post(edit_url(waiting), {"text": "Anonym"})
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    nothing_changed(waiting, "Först skrivet")


@pytest.mark.django_db
def test_an_edit_needs_the_csrf_token(karin, waiting):
    client = Client(enforce_csrf_checks=True)
    client.force_login(karin)
    assert client.post(edit_url(waiting), {"text": "Utan token"}).status_code == 403
    nothing_changed(waiting, "Först skrivet")


@pytest.mark.django_db
@pytest.mark.parametrize("text, said", [
    ("x" * 901, "Din kommentar är 901 tecken lång"),
    ("x" * 200_000, "tecken lång"),
    ("   ", "Skriv din kommentar innan du skickar den."),
])
def test_huge_or_empty_text_is_refused(client, karin, waiting, text, said):
    client.force_login(karin)
    response = client.post(edit_url(waiting), {"text": text})
    assert response.status_code == 400 and said in response.content.decode()
    nothing_changed(waiting, "Först skrivet")


@pytest.mark.django_db
def test_a_closed_post_takes_no_edits(client, post, karin, waiting):
    close(post, None)
    client.force_login(karin)
    response = client.post(edit_url(waiting), {"text": "Efter stängningen"})
    html = response.content.decode()
    assert response.status_code == 409
    assert "Inlägget är stängt för kommentarer, så kommentaren kan inte längre ändras." in html
    nothing_changed(waiting, "Först skrivet")


@pytest.mark.django_db
def test_a_full_post_still_takes_edits_of_what_already_counts(post, karin, waiting):
    CommentSettings.objects.update_or_create(defaults={"max_comments_per_post": 1})
    edit_waiting_comment(pk=waiting.pk, author=karin, text="Rättat stavfel")
    waiting.refresh_from_db()
    assert waiting.text == "Rättat stavfel"


@pytest.mark.django_db
def test_edits_are_rate_limited(client, karin, waiting):
    limit = CommentSettings.load().rate_limit_count
    for i in range(limit):
        edit_waiting_comment(pk=waiting.pk, author=karin, text=f"Version {i}")
    client.force_login(karin)
    response = client.post(edit_url(waiting), {"text": "En gång för mycket"})
    assert "Du har ändrat kommentarer många gånger på kort tid." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.text == f"Version {limit - 1}"
    assert CommentRevision.objects.filter(comment=waiting).count() == limit


@pytest.mark.django_db
def test_no_edit_while_an_officer_reviews_it(client, karin, waiting):
    officer = staff("granskare", "view_comment", "change_comment")
    Claim.objects.create(comment=waiting, officer=officer,
                         expires_at=timezone.now() + timedelta(minutes=5))
    client.force_login(karin)
    response = client.post(edit_url(waiting), {"text": "Medan hon läser"})
    assert response.status_code == 409
    assert "En informatör granskar din kommentar just nu." in response.content.decode()
    nothing_changed(waiting, "Först skrivet")
    Claim.objects.filter(comment=waiting).update(expires_at=timezone.now() - timedelta(seconds=1))
    edit_waiting_comment(pk=waiting.pk, author=karin, text="När claimen gått ut")


@pytest.mark.django_db
def test_the_officer_sees_the_earlier_texts_on_the_comments_page(client, karin, waiting):
    edit_waiting_comment(pk=waiting.pk, author=karin, text="Andra versionen <b>fet</b>")
    edit_waiting_comment(pk=waiting.pk, author=karin, text="Tredje versionen")
    officer = staff("officer", "view_comment", "change_comment")
    client.force_login(officer)
    html = client.get(f"{QUEUE}edit/{waiting.pk}/").content.decode()
    assert "Ändrad av skribenten 2 gånger medan den väntade" in html
    history = html.split("comment-revisions", 1)[1]
    assert history.index("Först skrivet") < history.index("Andra versionen")
    assert "&lt;b&gt;fet&lt;/b&gt;" in history and "<b>fet</b>" not in history
    assert "Tredje versionen" in html


@pytest.mark.django_db
def test_the_edit_page_says_how_long_a_comment_may_be(client, karin, waiting):
    client.force_login(karin)
    html = client.get(edit_url(waiting)).content.decode()
    assert 'data-max-length="900"' in html and "Högst 900 tecken." in html
    assert "Spara ändringen" in html
