"""The moderation queue in the Wagtail admin: who may use it, what it shows, what it does."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry, PageLogEntry

from comments import closure
from comments.models import Comment, Discussion
from moderation import decisions
from moderation.models import Finding, Screening
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.staff import give_totp

QUEUE = "/admin/snippets/comments/comment/"


def staff(name, *permissions, group=None):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in permissions:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="comments")
        )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return give_totp(user)  # staff must use two factors (see test_security)


@pytest.fixture
def officer(db):
    # Permissions alone, not the demo's group.
    return staff("officer", "view_comment", "change_comment")


@pytest.fixture
def blogger(db):
    return staff("blogger")


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


def pending(post, text="Väntar", **kw):
    return make_comment(post, text=text, status=Comment.Status.PENDING, **kw)


@pytest.mark.django_db
def test_queue_lists_by_risk_then_oldest_with_findings_and_history(client, officer, post):
    author = make_reader(display_name="Karin")
    make_comment(post, author, "Tidigare godkänd")
    calm = pending(post, "Lugn och äldst", author=author)
    risky = pending(post, "Du är en idiot")
    Screening.objects.create(comment=risky, risk=1.5)
    Finding.objects.create(comment=risky, rule="good_tone", reason="Oförskämda ord.",
                           evidence="idiot", score=1.5)
    newer = pending(post, "Lugn men nyare")
    client.force_login(officer)
    html = client.get(QUEUE).content.decode()  # Väntar, the default tab
    assert html.index("Du är en <mark>idiot</mark>") < html.index("Lugn och äldst") < html.index("Lugn men nyare")
    assert "Kommentarerna ska hålla en god ton." in html and "Oförskämda ord." in html
    assert "godkända 1 · avvisade 0 · skräppost 0" in html
    assert calm.pk and newer.pk


@pytest.mark.django_db
def test_menu_item_shows_the_number_waiting(client, officer, post):
    pending(post)
    pending(post)
    client.force_login(officer)
    html = client.get("/admin/").content.decode()
    sidebar = json.loads(re.search(r'<script id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S)[1])
    [item] = [i["_args"][0] for i in sidebar["modules"][1]["_args"][0]
              if i["_args"][0]["name"] == "moderation-queue"]
    # Short enough for the sidebar to show the count; the title says it at length.
    assert item["label"] == "Att granska (2)" and len(item["label"]) <= 18
    assert item["attrs"]["title"] == "2 kommentarer väntar på granskning"


@pytest.mark.django_db
def test_filters_and_search(client, officer, post):
    other = make_post(title="Annat inlägg")
    pending(post, "Om demokrati")
    pending(other, "Om skolan")
    client.force_login(officer)
    assert "Om skolan" not in client.get(QUEUE, {"post": post.pk}).content.decode()
    assert "Om demokrati" not in client.get(QUEUE, {"q": "skolan"}).content.decode()


@pytest.mark.django_db
def test_approve_publishes_logs_and_tells_the_author(
    client, officer, post, django_capture_on_commit_callbacks
):
    comment = pending(post, "Bra inlägg")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{QUEUE}approve/{comment.pk}/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    entry = ModelLogEntry.objects.for_instance(comment).get()
    assert entry.action == decisions.APPROVE and entry.user == officer
    assert "Bra inlägg" in client.get(post.url).content.decode()
    assert mail.outbox[-1].to == [comment.author.email]
    assert "har publicerats" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_reject_cites_a_rule_and_the_author_reads_its_wording(
    client, officer, post, django_capture_on_commit_callbacks
):
    comment = pending(post, "Off topic")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{QUEUE}edit/{comment.pk}/", {"rules": ["on_topic"], "note": "Håll dig till ämnet."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    entry = ModelLogEntry.objects.for_instance(comment).get()
    assert entry.data["rules"] == ["on_topic"]
    body = mail.outbox[-1].body
    assert "Kommentarerna ska vara kopplade till inlägget" in body and "Håll dig till ämnet." in body


@pytest.mark.django_db
def test_reject_without_a_rule_is_refused(client, officer, post):
    comment = pending(post)
    client.force_login(officer)
    response = client.post(f"{QUEUE}edit/{comment.pk}/", {"note": "x"}, follow=True)
    assert "Välj minst en regel." in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.django_db
def test_spam_and_undo(client, officer, post):
    comment = pending(post)
    client.force_login(officer)
    client.post(f"{QUEUE}spam/{comment.pk}/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.SPAM
    client.post(f"{QUEUE}undo/{comment.pk}/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert [e.action for e in ModelLogEntry.objects.for_instance(comment).order_by("pk")] == [
        decisions.SPAM, decisions.UNDO]
    history = client.get(f"{QUEUE}history/{comment.pk}/").content.decode()
    assert "Kommentaren markerades som skräppost" in history


@pytest.mark.django_db
def test_bulk_approve_and_bulk_reject(client, officer, post):
    a, b, c = pending(post, "A"), pending(post, "B"), pending(post, "C")
    client.force_login(officer)
    url = f"/admin/bulk/comments/comment/approve/?next={QUEUE}&id={a.pk}&id={b.pk}"
    assert client.get(url).status_code == 200
    client.post(url)
    assert set(Comment.objects.published().values_list("pk", flat=True)) == {a.pk, b.pk}
    url = f"/admin/bulk/comments/comment/reject/?next={QUEUE}&id={c.pk}"
    client.post(url, {"rules": ["no_spam"]})
    c.refresh_from_db()
    assert c.status == Comment.Status.REJECTED
    assert ModelLogEntry.objects.for_instance(c).get().data["rules"] == ["no_spam"]


@pytest.mark.django_db
def test_close_and_reopen_the_post_and_suspend_the_author(client, officer, post):
    comment = pending(post)
    client.force_login(officer)
    client.post(f"{QUEUE}close/{comment.pk}/", {"closed": "1"})
    assert Discussion.closed_by_editor(post.pk)
    assert PageLogEntry.objects.filter(page=post, action=closure.CLOSE, user=officer).exists()
    client.post(f"{QUEUE}close/{comment.pk}/", {"closed": "0"})
    assert not Discussion.closed_by_editor(post.pk)
    client.post(f"{QUEUE}suspend/{comment.pk}/", {"reason": "Upprepade personangrepp"})
    profile = comment.author.reader_profile
    profile.refresh_from_db()
    assert profile.commenting_suspended and profile.suspension_reason == "Upprepade personangrepp"


def assert_denied_as_wagtail_does(client, response, url):
    """Wagtail's own permission-denied handling: back to the dashboard with its message,
    never a bare line of text."""
    assert response.status_code == 302, url
    assert response["Location"] == "/admin/", url
    with translation.override("sv"):
        expected = gettext("Sorry, you do not have permission to access this area.")
    home = client.get(response["Location"]).content.decode()
    assert escape(expected) in home, url


@pytest.mark.django_db
def test_blogger_without_the_permission_is_denied_everywhere(client, blogger, post):
    comment = pending(post)
    client.force_login(blogger)
    for url in [QUEUE, f"{QUEUE}edit/{comment.pk}/", f"{QUEUE}history/{comment.pk}/"]:
        assert_denied_as_wagtail_does(client, client.get(url), url)
    bulk_url = f"/admin/bulk/comments/comment/approve/?next={QUEUE}&id={comment.pk}"
    assert_denied_as_wagtail_does(client, client.get(bulk_url), bulk_url)
    for url in [f"{QUEUE}approve/{comment.pk}/", f"{QUEUE}spam/{comment.pk}/", f"{QUEUE}undo/{comment.pk}/",
                f"{QUEUE}close/{comment.pk}/", f"{QUEUE}suspend/{comment.pk}/",
                f"{QUEUE}edit/{comment.pk}/"]:
        response = client.post(url, {"rules": ["no_spam"], "reason": "x", "closed": "1"})
        assert_denied_as_wagtail_does(client, response, url)
    assert_denied_as_wagtail_does(client, client.post(bulk_url), bulk_url)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not Discussion.closed_by_editor(post.pk)


@pytest.mark.django_db
def test_queue_listing_queries_do_not_grow(client, officer, post, django_assert_max_num_queries):
    for i in range(30):
        c = pending(post, f"Kommentar {i}")
        Finding.objects.create(comment=c, rule="on_topic", reason="x", score=0.2)
    client.force_login(officer)
    client.get(QUEUE)
    with django_assert_max_num_queries(40):
        assert client.get(QUEUE).status_code == 200


PRIVATE = "Ring mig på 070-123 45 67, personnummer 19121212-1212 — Åsa i Kiruna"


@pytest.mark.django_db
def test_no_bulk_action_shows_pending_comments_to_those_who_may_not_moderate(client, blogger, post):
    """Wagtail's own snippet "delete" lists the selected items (the ones the user may not
    delete too) on its confirmation page: it must refuse before that, like the queue."""
    comment = pending(post, PRIVATE)
    looker = staff("looker", "view_comment", "delete_comment")  # no moderation permission
    for user in (blogger, looker):
        client.force_login(user)
        for action in ("delete", "approve", "reject", "spam"):
            url = f"/admin/bulk/comments/comment/{action}/?next={QUEUE}&id={comment.pk}&id=all"
            for send in (client.get, lambda url: client.post(url, {"rules": ["no_spam"]})):
                response = send(url)  # one at a time: each denial leaves its own message
                assert "19121212" not in response.content.decode()
                assert_denied_as_wagtail_does(client, response, url)
        assert_denied_as_wagtail_does(client, client.get(QUEUE), QUEUE)
        usage = f"{QUEUE}usage/{comment.pk}/"
        assert_denied_as_wagtail_does(client, client.get(usage), usage)
    assert Comment.objects.filter(pk=comment.pk, status=Comment.Status.PENDING).exists()


@pytest.mark.django_db
def test_only_moderators_with_the_delete_permission_delete_in_bulk(client, officer, post):
    comment = pending(post, PRIVATE)
    client.force_login(officer)  # may moderate, may not delete
    url = f"/admin/bulk/comments/comment/delete/?next={QUEUE}&id={comment.pk}"
    assert client.get(url).status_code == 200
    client.post(url)
    assert Comment.objects.filter(pk=comment.pk).exists()
    deleter = staff("deleter", "view_comment", "change_comment", "delete_comment")
    client.force_login(deleter)
    assert client.post(url).status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
