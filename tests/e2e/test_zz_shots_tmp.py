import pytest

from comments.models import Comment, Report
from moderation import screening
from tests.comments.factory import make_comment, make_reader
from tests.e2e.conftest import log_in
from tests.e2e.test_queue_page import QUEUE, staff
from tests.factories import make_post

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_shots(live_server, blog_index, context):
    post = make_post(title="Barnets rättigheter i kommunens beslut")
    staff("handlaggare@example.org", "view_comment", "change_comment")
    reader = make_reader(email="lasare@example.org", display_name="Karin i Skellefteå")
    other = make_reader(display_name="Ahmed")
    for text in ["Tack för ett bra inlägg om barnkonventionen!", "Vilket idiotiskt inlägg, ni är dumma i huvudet.", "Köp billiga klockor https://billiga-klockor.example/"]:
        c = make_comment(post, author=other, text=text, status=Comment.Status.PENDING)
        screening.screen(c)
    pub = make_comment(post, author=other, text="Ni borde skämmas, era byråkrater.")
    Report.objects.create(comment=pub, reporter=reader, rule="good_tone", text="Otrevlig ton")
    log_in(context, live_server, "handlaggare@example.org")
    page = context.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}{QUEUE}")
    page.screenshot(path="/tmp/shots/queue.png", full_page=True)
    page.goto(f"{live_server.url}{QUEUE}?flik=anmalda")
    page.screenshot(path="/tmp/shots/queue-reported.png", full_page=True)
    page.goto(f"{live_server.url}/admin/")
    page.screenshot(path="/tmp/shots/dashboard.png", full_page=True)
    c2 = context.browser.new_context()
    log_in(c2, live_server, "lasare@example.org")
    p2 = c2.new_page()
    p2.goto(f"{live_server.url}/admin/")
    p2.screenshot(path="/tmp/shots/no-admin-access.png", full_page=True)
    p2.goto(f"{live_server.url}/kommentarer/{pub.pk}/anmal/")
    p2.screenshot(path="/tmp/shots/report-form.png", full_page=True)
    p2.goto(f"{live_server.url}{post.url}")
    p2.screenshot(path="/tmp/shots/post.png", full_page=True)
