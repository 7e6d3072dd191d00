"""Readers report a published comment: the link, the form, what is stored and what is refused."""

import datetime
import json

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import reports
from comments.models import Comment, Report
from comments.reports import ReportRefused, report_comment
from comments.services import erase_account, reader_data
from mrblogg import retention
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post

THANKS = "Tack för din anmälan. En informationsansvarig kommer att läsa kommentaren"
ALREADY = "Du har redan anmält den här kommentaren."


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


@pytest.fixture
def comment(post):
    return make_comment(post, make_reader(display_name="Skribenten"), "Ni är alla idioter.")


@pytest.fixture
def reader(db):
    return make_reader(display_name="Anmälaren")


def url(comment_or_pk):
    return reverse("comments:report", args=[getattr(comment_or_pk, "pk", comment_or_pk)])


def send(client, comment, rule="good_tone", text="", **extra):
    return client.post(url(comment), {"rule": rule, "text": text}, **extra)


@pytest.mark.django_db
def test_every_published_comment_has_the_same_report_link_for_everyone(client, post, comment):
    html = client.get(post.url).content.decode()
    assert f'href="{url(comment)}"' in html and ">Anmäl<" in html
    client.force_login(make_reader())
    assert f'href="{url(comment)}"' in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_the_author_sees_delete_not_report_on_their_own_comment(client, post, comment):
    client.force_login(comment.author)
    html = client.get(post.url).content.decode()
    assert reverse("comments:delete", args=[comment.pk]) in html
    assert f'href="{url(comment)}"' not in html


@pytest.mark.django_db
def test_a_pending_comment_has_no_report_link(client, post):
    own = make_comment(post, text="Väntar", status=Comment.Status.PENDING)
    client.force_login(own.author)
    assert f'href="{url(own)}"' not in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_anonymous_is_sent_to_log_in_and_back(client, comment):
    for response in (client.get(url(comment)), send(client, comment)):
        assert response.status_code == 302
        assert response["Location"] == f"/konto/login/?next={url(comment)}"
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_the_form_quotes_the_comment_and_offers_the_rules_in_a_fieldset(client, comment, reader):
    client.force_login(reader)
    response = client.get(url(comment))
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    assert "Ni är alla idioter." in html and "Skribenten" in html
    assert "<fieldset" in html and "<legend>Vilken av våra regler bryter kommentaren mot?" in html
    assert html.count('type="radio" name="rule"') == 5
    assert "Kommentarerna ska hålla en god ton." in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'for="id_text"' in html and "Högst 500 tecken." in html


@pytest.mark.django_db
def test_a_report_is_stored_and_the_reader_is_thanked_back_at_the_comment(client, post, comment, reader):
    client.force_login(reader)
    response = send(client, comment, "no_hate_or_threats", "Det här är  hat.\r\nTa bort.")
    assert response.status_code == 302
    assert response["Location"] == f"{post.url}#kommentar-{comment.pk}"
    report = Report.objects.get()
    assert (report.comment, report.reporter, report.rule) == (comment, reader, "no_hate_or_threats")
    assert report.text == "Det här är  hat.\nTa bort."
    assert report.resolved_at is None
    assert THANKS in client.get(response["Location"]).content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED  # a report hides nothing by itself
    assert "Ni är alla idioter." in Client().get(post.url).content.decode()


@pytest.mark.django_db
def test_a_second_report_on_the_same_comment_says_so(client, comment, reader):
    client.force_login(reader)
    send(client, comment)
    again = send(client, comment, "on_topic")
    assert again.status_code == 409 and ALREADY in again.content.decode()
    get = client.get(url(comment))
    assert ALREADY in get.content.decode() and 'name="rule"' not in get.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_the_unique_constraint_refuses_a_simultaneous_second_report(comment, reader, monkeypatch):
    report_comment(comment=comment, reporter=reader, rule="good_tone")
    # As if the first report landed between the check and the insert.
    monkeypatch.setattr(reports, "refusal_before_form", lambda comment, reader: None)
    with pytest.raises(ReportRefused) as refused:
        report_comment(comment=comment, reporter=reader, rule="good_tone")
    assert refused.value.status == 409
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_own_comment_cannot_be_reported(client, comment):
    client.force_login(comment.author)
    assert "Du kan inte anmäla din egen kommentar." in client.get(url(comment)).content.decode()
    response = send(client, comment)
    assert response.status_code == 403
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_an_unverified_reader_is_asked_to_confirm_the_address_first(client, comment):
    client.force_login(make_reader(verified=False))
    assert "Bekräfta din e-postadress innan du anmäler en kommentar." in client.get(url(comment)).content.decode()
    assert send(client, comment).status_code == 403
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.SPAM])
def test_a_comment_that_is_not_published_is_not_found(client, post, reader, status):
    hidden = make_comment(post, text="Inte publicerad", status=status)
    client.force_login(reader)
    assert client.get(url(hidden)).status_code == 404
    assert send(client, hidden).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_comment_on_an_unpublished_post_is_not_found(client, blog_index, reader):
    draft = make_post(live=False)
    hidden = make_comment(draft, text="På ett utkast")
    client.force_login(reader)
    assert client.get(url(hidden)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["999999", "0", "-1", "abc", "1e3", "٣"])
def test_forged_ids_are_not_found(client, reader, pk):
    client.force_login(reader)
    assert client.get(f"/kommentarer/{pk}/anmal/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("rule", ["", "not_a_rule", "<script>", "good_tone' OR 1=1"])
def test_a_forged_or_missing_rule_is_refused_in_swedish(client, comment, reader, rule):
    client.force_login(reader)
    response = send(client, comment, rule)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Välj den regel som kommentaren bryter mot." in html or "Välj en av våra regler." in html
    assert "Anmälan kunde inte skickas." in html and "<script>" not in html
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_huge_text_is_refused_and_kept_for_correction(client, comment, reader):
    client.force_login(reader)
    response = send(client, comment, text="å" * 100_000)
    assert response.status_code == 400
    assert "Din text är 100000 tecken lång; högst 500 är tillåtna." in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_500_characters_of_arabic_are_allowed_and_never_html(client, post, comment, reader):
    client.force_login(reader)
    text = ("هذا تعليق مسيء <b>جدا</b> " * 30)[:500]
    assert send(client, comment, text=text).status_code == 302
    assert Report.objects.get().text == text.strip()


@pytest.mark.django_db
def test_combining_characters_count_after_nfc(client, comment, reader):
    client.force_login(reader)
    decomposed = "a\u0308" * 500  # 1000 code points, 500 characters ("ä") after NFC
    assert send(client, comment, text=decomposed).status_code == 302


@pytest.mark.django_db
def test_the_reader_is_rate_limited(client, post, reader, settings):
    settings.COMMENT_REPORTS_RATE_LIMIT_READER = (2, 3600)
    comments = [make_comment(post, text=f"Kommentar {i}") for i in range(3)]
    client.force_login(reader)
    assert [send(client, c).status_code for c in comments] == [302, 302, 429]
    assert "Du har skickat många anmälningar på kort tid." in send(client, comments[2]).content.decode()
    assert Report.objects.count() == 2


@pytest.mark.django_db
def test_the_client_is_rate_limited_across_readers(post, settings):
    settings.COMMENT_REPORTS_RATE_LIMIT_CLIENT = (2, 3600)
    target = make_comment(post, text="Anmäld av många")
    statuses = []
    for _ in range(3):
        client = Client(REMOTE_ADDR="192.0.2.9")
        client.force_login(make_reader())
        statuses.append(send(client, target).status_code)
    assert statuses == [302, 302, 429]
    other = Client(REMOTE_ADDR="198.51.100.4")
    other.force_login(make_reader())
    assert send(other, target).status_code == 302


@pytest.mark.django_db
def test_a_report_needs_the_csrf_token(comment, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert send(client, comment).status_code == 403
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_only_get_and_post(client, comment, reader):
    client.force_login(reader)
    assert client.put(url(comment)).status_code == 405


@pytest.mark.django_db
def test_a_comment_rejected_meanwhile_is_not_reported(comment, reader):
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.REJECTED)
    with pytest.raises(ReportRefused) as refused:
        report_comment(comment=comment, reporter=reader, rule="good_tone")  # stale object
    assert refused.value.status == 409
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_the_reader_downloads_their_reports(client, comment, reader):
    report_comment(comment=comment, reporter=reader, rule="on_topic", text="Fel ämne")
    data = reader_data(reader)
    assert data["reports"][0]["rule"] == "on_topic" and data["reports"][0]["text"] == "Fel ämne"
    client.force_login(reader)
    downloaded = json.loads(client.get(reverse("comments:my_data")).content)
    assert downloaded["reports"][0]["post"] == "Om rättigheter"


@pytest.mark.django_db
def test_deleting_the_account_erases_its_reports_and_reports_on_its_comments(comment, reader):
    report_comment(comment=comment, reporter=reader, rule="good_tone")
    other = make_reader()
    reported_own = make_comment(comment.post, reader, "Anmäl mig")
    report_comment(comment=reported_own, reporter=other, rule="good_tone")
    erase_account(reader)
    assert not Report.objects.filter(reporter_id=reader.pk).exists()
    assert not Report.objects.filter(comment_id=reported_own.pk).exists()
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_reports_are_a_registered_kind_of_personal_data_pruned_after_handling(comment, reader, settings):
    kind = retention.get("comment_reports")
    assert kind.command == "prune_comment_reports"
    assert kind.keep() == datetime.timedelta(days=settings.COMMENT_REPORTS_KEEP_DAYS)
    handled = report_comment(comment=comment, reporter=reader, rule="good_tone")
    still_open = report_comment(comment=comment, reporter=make_reader(), rule="good_tone")
    long_ago = timezone.now() - datetime.timedelta(days=settings.COMMENT_REPORTS_KEEP_DAYS + 1)
    Report.objects.filter(pk=handled.pk).update(resolved_at=long_ago, outcome="kept")
    Report.objects.filter(pk=still_open.pk).update(created_at=long_ago)
    call_command("prune_comment_reports")
    assert list(Report.objects.values_list("pk", flat=True)) == [still_open.pk]
