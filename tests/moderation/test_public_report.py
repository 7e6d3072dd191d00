"""The public page "Så modererar vi" and the officers' dashboard panel."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from blog.models import BlogIndexPage, StandardPage
from comments.models import Comment
from moderation import actions
from moderation.dashboard import ModerationPanel
from moderation.pages import ModerationReportPage
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post, make_standard_page
from tests.staff import give_totp

URL = "/sa-modererar-vi/"
DASHBOARD = "/admin/"


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter")


def report_page(index, publish=True):
    page = ModerationReportPage(title="Så modererar vi", slug="sa-modererar-vi",
                                intro="<p>Så här granskar vi kommentarerna.</p>")
    index.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    else:
        page.unpublish()
    return page


def staff(name, *codenames):
    user = get_user_model().objects.create_user(name, f"{name}@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in codenames:
        user.user_permissions.add(
            Permission.objects.get(codename=codename, content_type__app_label="comments"))
    return give_totp(user)


@pytest.fixture
def officer(db):
    return staff("officer", "view_comment", "change_comment")


@pytest.fixture
def decided(post, officer):
    """Comments by readers whose names, addresses and words must not reach the page."""
    author = make_reader(display_name="Zlatan Hemligsson", email="hemlig@example.org")
    kept = make_comment(post, author, "Hemlig godkänd text", status=Comment.Status.PENDING)
    actions.approve(kept, officer)
    gone = make_comment(post, author, "<script>alert(1)</script> ful text",
                        status=Comment.Status.PENDING)
    actions.reject(gone, officer, ["good_tone", "no_hate_or_threats"], "Anteckning om Zlatan")
    make_comment(post, make_reader(display_name="عربي"), "Köp billigt", status=Comment.Status.SPAM)
    make_comment(post, author, "Väntar fortfarande", status=Comment.Status.PENDING)
    return author


def test_editors_may_create_it_under_the_blog_index_only():
    assert ModerationReportPage in BlogIndexPage.allowed_subpage_models()
    assert ModerationReportPage.allowed_parent_page_models() == [BlogIndexPage]
    assert ModerationReportPage not in StandardPage.allowed_subpage_models()
    # The blog's own page types are still there.
    names = {m._meta.label for m in BlogIndexPage.allowed_subpage_models()}
    assert {"blog.BlogPost", "events.EventPost", "blog.StandardPage", "contact.ContactPage"} <= names


def test_shown_only_when_published(client, blog_index):
    page = report_page(blog_index, publish=False)
    assert client.get(URL).status_code == 404
    page.save_revision().publish()
    assert client.get(URL).status_code == 200


def test_figures_in_a_table_and_a_chart_without_personal_data(client, blog_index, decided):
    report_page(blog_index)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Så här granskar vi kommentarerna." in html
    assert html.count('role="img"') == 3 and "<title id=" in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "Vad siffrorna betyder" in html  # the Swedish explanation
    for secret in ("Zlatan", "Hemligsson", "hemlig@example.org", "Hemlig godkänd", "ful text",
                   "Anteckning", "عربي", "Köp billigt", "Väntar fortfarande", "<script>alert"):
        assert secret not in html and escape(secret) not in html


def test_this_months_row_has_the_exact_figures(client, blog_index, decided):
    report_page(blog_index)
    html = client.get(URL).content.decode()
    outcomes = html[html.index("outcomes-caption"):html.index("</table>")]
    last_row = re.findall(r"<tr>(.*?)</tr>", outcomes, re.S)[-1]
    cells = [c.strip() for c in re.findall(r"<td>(.*?)</td>", last_row, re.S)]
    # received, published, rejected, spam, waiting; the median of two immediate decisions
    assert cells[:5] == ["4", "1", "1", "1", "1"]
    assert cells[5] == "0,0"
    rules = html[html.index("rules-caption"):]
    rules = rules[:rules.index("</table>")]
    rows = re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', rules, re.S)
    cited = {name: re.findall(r"<td>(\d+)</td>", cells)[-1] for name, cells in rows}
    assert cited["Kommentarerna ska hålla en god ton."] == "1"
    assert sum(int(n) for n in cited.values()) == 2


def test_no_figures_yet(client, blog_index):
    report_page(blog_index)
    html = client.get(URL).content.decode()
    assert "Inga uppgifter" in html


def test_public_csp_unchanged_and_nothing_inline(client, blog_index, decided):
    make_standard_page(blog_index)
    report_page(blog_index)
    report = client.get(URL)
    other = client.get("/om-bloggen/")
    assert report["Content-Security-Policy"] == other["Content-Security-Policy"]
    assert "style-src 'self'" in report["Content-Security-Policy"]
    assert "unsafe-inline" not in report["Content-Security-Policy"]
    svg = "".join(re.findall(r"<svg.*?</svg>", report.content.decode(), re.S))
    assert svg and " style=" not in svg and "<script" not in svg


# --- The dashboard panel ------------------------------------------------------------


def test_officer_sees_waiting_count_oldest_and_weeks(client, officer, decided):
    client.force_login(officer)
    html = client.get(DASHBOARD).content.decode()
    assert 'id="moderation-panel' in html
    assert "1 kommentar väntar på granskning" in html
    assert 'href="/admin/snippets/comments/comment/"' in html
    oldest = Comment.objects.filter(status=Comment.Status.PENDING).get()
    assert f'href="/admin/snippets/comments/comment/edit/{oldest.pk}/"' in html
    assert "Beslut per vecka" in html and 'scope="row"' in html
    assert "Väntar fortfarande" not in html  # a link and a time, not the comment


@pytest.mark.parametrize("who", ["blogger", "viewer"])
def test_panel_hidden_without_the_moderation_permission(client, db, who):
    user = staff(who, *(["view_comment"] if who == "viewer" else []))
    client.force_login(user)
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    assert 'id="moderation-panel' not in response.content.decode()


def test_dashboard_refused_to_anonymous_and_readers(client, db):
    assert client.get(DASHBOARD).status_code == 302
    client.force_login(make_reader())
    response = client.get(DASHBOARD)
    assert response.status_code in (302, 403)
    assert 'id="moderation-panel' not in response.content.decode()


def test_panel_queries_do_not_grow_with_the_queue(client, officer, post):
    client.force_login(officer)
    make_comment(post, status=Comment.Status.PENDING)
    client.get(DASHBOARD)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD).status_code == 200
        return len(queries)

    few = count()
    for n in range(15):
        comment = make_comment(post, status=Comment.Status.PENDING)
        if n % 3 == 0:
            actions.reject(comment, officer, ["on_topic"])
    assert count() == few


def test_empty_queue(client, officer):
    client.force_login(officer)
    html = client.get(DASHBOARD).content.decode()
    assert "Ingen kommentar väntar på granskning." in html


def test_panel_context_in_three_queries(rf, officer, decided):
    request = rf.get(DASHBOARD)
    request.user = officer
    panel = ModerationPanel(request)
    with CaptureQueriesContext(connection) as queries:
        context = panel.get_context_data({})
    assert len(queries) == 3
    assert context["waiting_count"] == 1
    assert context["weeks"][-1].approved == 1
    assert context["weeks"][-1].rejected_by_rule["no_hate_or_threats"] == 1
