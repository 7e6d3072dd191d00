"""Reported comments in the moderation: the list, keep, unpublish, who may, and races."""

import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection, connections
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from comments.models import Comment, Report
from comments.outcome import with_outcomes
from moderation import decisions, reports
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.staff import give_totp

LIST = "/admin/moderering/anmalda/"


def staff(name, *permissions):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in permissions:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="comments")
        )
    return give_totp(user)


@pytest.fixture
def officer(db):
    return staff("officer", "view_comment", "change_comment")


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


def reported(post, n=1, text="Elak kommentar", rule="good_tone", when=None):
    comment = make_comment(post, text=text)
    for _ in range(n):
        report = Report.objects.create(comment=comment, reporter=make_reader(), rule=rule,
                                       text="Läs den här")
        if when:
            Report.objects.filter(pk=report.pk).update(created_at=when)
    return comment


def keep_url(comment):
    return reverse("moderation_reports_keep", args=[comment.pk])


def unpublish_url(comment):
    return reverse("moderation_reports_unpublish", args=[comment.pk])


@pytest.mark.django_db
def test_reported_queryset_most_reported_first_then_oldest_report(post):
    now = timezone.now()
    once_old = reported(post, 1, when=now - datetime.timedelta(days=2))
    once_new = reported(post, 1, when=now - datetime.timedelta(hours=1))
    thrice = reported(post, 3)
    make_comment(post, text="Inte anmäld")
    handled = reported(post, 5)
    Report.objects.filter(comment=handled).update(resolved_at=now, outcome="kept")
    hidden = reported(post, 4)
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.PENDING)
    rows = list(reports.reported_queryset())
    assert rows == [thrice, once_old, once_new]
    assert rows[0].open_report_count == 3 and len(rows[0].open_reports) == 3
    assert reports.reported_count() == 3


@pytest.mark.django_db
def test_reported_queryset_queries_are_constant(post, django_assert_num_queries):
    for i in range(20):
        reported(post, 1 + i % 3, text=f"Kommentar {i}")
    with django_assert_num_queries(2):  # the comments (post and author joined), their reports
        rows = list(reports.reported_queryset())
        for row in rows:
            assert row.open_reports and row.post.title and row.author_display_name


@pytest.mark.django_db
def test_the_list_shows_counts_rules_and_texts_but_never_who_reported(client, officer, post, django_assert_max_num_queries):
    comment = reported(post, 3, text="Du är dum <script>x</script>")
    Report.objects.filter(comment=comment).update(text="مسيء <b>jätte</b>")
    reporter_names = [r.reporter.reader_profile.display_name for r in Report.objects.all()]
    client.force_login(officer)
    html = client.get(LIST).content.decode()
    assert "3 anmälningar" in html
    assert "Kommentarerna ska hålla en god ton." in html
    assert "مسيء &lt;b&gt;jätte&lt;/b&gt;" in html and "<b>jätte" not in html
    assert "&lt;script&gt;" in html and "<script>x" not in html
    for name in reporter_names:
        assert name not in html
    # The rules the reports cite are ticked for the unpublish form.
    assert f'id="report-{comment.pk}-rule-good_tone" checked' in html
    assert f'id="report-{comment.pk}-rule-on_topic">' in html
    for i in range(15):
        reported(post, 2, text=f"Fler {i}")
    with django_assert_max_num_queries(30):
        assert client.get(LIST).status_code == 200


@pytest.mark.django_db
def test_keep_dismisses_the_reports_and_logs(client, officer, post):
    comment = reported(post, 2)
    client.force_login(officer)
    response = client.post(keep_url(comment), {"next": LIST})
    assert response.status_code == 302 and response["Location"] == LIST
    assert "2 anmälningar avfärdades" in client.get(LIST).content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert set(Report.objects.values_list("outcome", "resolved_by")) == {("kept", officer.pk)}
    entry = ModelLogEntry.objects.for_instance(comment).get()
    assert entry.action == reports.KEEP and entry.user == officer and entry.data["reports"] == 2
    assert not list(reports.reported_queryset())


@pytest.mark.django_db
def test_keep_leaves_a_report_sent_after_the_page_was_drawn(officer, post):
    comment = reported(post, 1)
    seen = Report.objects.get().pk
    late = Report.objects.create(comment=comment, reporter=make_reader(), rule="on_topic")
    assert reports.keep(comment, officer, up_to=seen) == 1
    assert list(Report.objects.filter(resolved_at__isnull=True)) == [late]


@pytest.mark.django_db
def test_a_second_keep_is_refused_in_swedish(client, officer, post):
    comment = reported(post, 1)
    client.force_login(officer)
    client.post(keep_url(comment))
    client.post(keep_url(comment))
    html = client.get(LIST).content.decode()
    assert "En annan informationsansvarig har redan hanterat anmälningarna" in html
    assert ModelLogEntry.objects.for_instance(comment).count() == 1


@pytest.mark.django_db
def test_unpublish_rejects_citing_the_rules_tells_the_author_and_resolves(
    client, officer, post, django_capture_on_commit_callbacks
):
    comment = reported(post, 2, text="Hot mot någon")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(unpublish_url(comment), {
            "rules": ["no_hate_or_threats"], "note": "Hot är inte tillåtna.",
            "next": LIST,
        })
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REJECTED
    assert set(Report.objects.values_list("outcome", flat=True)) == {"unpublished"}
    standing = decisions.last_decision(comment)
    assert standing.action == decisions.REJECT and standing.data["rules"] == ["no_hate_or_threats"]
    assert ModelLogEntry.objects.for_instance(comment).filter(action=reports.UNPUBLISH).get().data["reports"] == 2
    body = mail.outbox[-1].body
    assert mail.outbox[-1].to == [comment.author.email]
    assert "Kommentarer får inte innehålla hat eller hot" in body and "Hot är inte tillåtna." in body
    [mine] = with_outcomes([comment])
    assert mine.rejection.note == "Hot är inte tillåtna."
    assert "Hot mot någon" not in Client().get(post.url).content.decode()


@pytest.mark.django_db
def test_unpublish_without_a_rule_is_refused(client, officer, post):
    comment = reported(post)
    client.force_login(officer)
    client.post(unpublish_url(comment), {"rules": ["made_up"], "note": "x"})
    assert "Välj minst en regel." in client.get(LIST).content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    with pytest.raises(reports.ReportError):
        reports.unpublish(comment, officer, [])


@pytest.mark.django_db
def test_a_second_decision_after_unpublish_is_refused(client, officer, post):
    comment = reported(post)
    client.force_login(officer)
    client.post(unpublish_url(comment), {"rules": ["good_tone"]})
    for url in (unpublish_url(comment), keep_url(comment)):
        client.post(url, {"rules": ["good_tone"]})
        assert "Kommentaren är inte längre publicerad" in client.get(LIST).content.decode()
    assert ModelLogEntry.objects.for_instance(comment).filter(action=decisions.REJECT).count() == 1


@pytest.mark.django_db
def test_a_huge_note_is_refused(client, officer, post):
    comment = reported(post)
    client.force_login(officer)
    client.post(unpublish_url(comment), {"rules": ["good_tone"], "note": "ö" * 100_000})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


@pytest.mark.django_db
def test_next_must_be_on_this_site(client, officer, post):
    comment = reported(post)
    client.force_login(officer)
    response = client.post(keep_url(comment), {"next": "https://evil.example/"})
    assert response["Location"] == LIST


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["999999", "0"])
def test_forged_ids_are_not_found(client, officer, pk):
    client.force_login(officer)
    assert client.post(f"/admin/moderering/anmalda/{pk}/behall/").status_code == 404
    assert client.post(f"/admin/moderering/anmalda/{pk}/avpublicera/",
                       {"rules": ["good_tone"]}).status_code == 404


@pytest.mark.django_db
def test_the_actions_are_post_only(client, officer, post):
    comment = reported(post)
    client.force_login(officer)
    assert client.get(keep_url(comment)).status_code == 405
    assert client.get(unpublish_url(comment)).status_code == 405


@pytest.mark.django_db
def test_the_actions_need_the_csrf_token(officer, post):
    comment = reported(post)
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.post(keep_url(comment)).status_code == 403
    assert client.post(unpublish_url(comment), {"rules": ["good_tone"]}).status_code == 403
    assert Report.objects.filter(resolved_at__isnull=True).count() == 1


@pytest.mark.django_db
def test_anonymous_readers_and_bloggers_are_refused(client, post):
    comment = reported(post)
    urls = [keep_url(comment), unpublish_url(comment)]
    for url in [LIST, *urls]:
        response = client.post(url, {"rules": ["good_tone"]}) if url in urls else client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(("/konto/login/", "/admin/login/"))
    for user in (make_reader(), staff("blogger")):
        client.force_login(user)
        for url in [LIST, *urls]:
            response = client.post(url, {"rules": ["good_tone"]}) if url in urls else client.get(url)
            assert response.status_code in (302, 403), url
            assert not response.get("Location", "").startswith(LIST)
    assert Report.objects.filter(resolved_at__isnull=True).count() == 1
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED


@pytest.mark.django_db
def test_a_blogger_gets_wagtails_permission_denied(client, post):
    comment = reported(post)
    client.force_login(staff("blogger"))
    for response in (client.get(LIST), client.post(keep_url(comment))):
        assert response.status_code == 302 and response["Location"] == "/admin/"


@pytest.mark.django_db
def test_the_include_renders_from_the_queryset_without_queries(post, officer, django_assert_num_queries):
    reported(post, 2)
    [comment] = list(reports.reported_queryset())
    request = RequestFactory().get(LIST)
    request.user = officer
    template = Template("{% load moderation_reports %}{% report_row comment '/admin/' %}")
    with django_assert_num_queries(0):
        html = template.render(Context({"comment": comment, "csrf_token": "tok", "request": request}))
    assert "2 anmälningar" in html and 'value="tok"' in html and 'name="next" value="/admin/"' in html


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_officers_deciding_at_once_only_one_decides(blog_index):
    """The comment's row is locked (PostgreSQL: SELECT ... FOR UPDATE; SQLite begins every
    transaction IMMEDIATE), so one keeps or unpublishes and the others are refused."""
    post = make_post()
    comment = reported(post, 2)
    officers = [staff(f"officer{i}", "change_comment") for i in range(4)]
    barrier = threading.Barrier(len(officers))
    done, refused, errors = [], [], []

    def decide(n):
        try:
            barrier.wait()
            if n % 2:
                reports.unpublish(comment, officers[n], ["good_tone"])
            else:
                reports.keep(comment, officers[n])
            done.append(n)
        except reports.ReportError as refusal:
            refused.append(refusal.message)
        except Exception as exc:  # reported below, not swallowed
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(len(officers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(done) == 1 and len(refused) == 3, connection.vendor
    assert set(Report.objects.values_list("resolved_by", flat=True)) == {officers[done[0]].pk}
    decided = ModelLogEntry.objects.for_instance(comment).filter(
        action__in=[reports.KEEP, reports.UNPUBLISH]
    )
    assert decided.count() == 1
