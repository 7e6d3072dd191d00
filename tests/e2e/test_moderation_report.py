"""'Så modererar vi' and the officers' dashboard panel in a real browser: axe-core on the
public page, the charts drawn (SVG, no CSP violation), and the panel on the dashboard.

Set E2E_SCREENSHOTS to a folder to keep screenshots of both for a look by eye.
"""

import datetime
import os
import random
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import ModelLogEntry

from blog.models import BlogIndexPage, BlogPost
from comments.models import Comment
from moderation import actions
from moderation.pages import ModerationReportPage
from moderation.rules import RULE_KEYS
from tests.comments.factory import make_reader
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OFFICER = "informationsansvarig@example.org"
URL = "/sa-modererar-vi/"


def shoot(page, name):
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def months_of_decisions(seed=16):
    """A year of comments like the demo's, decided by the demo officer at varied speeds."""
    rng = random.Random(seed)
    officer = get_user_model().objects.get(email=OFFICER)
    post = BlogPost.objects.live().first()
    readers = [make_reader(email=f"statistik{n}@example.org") for n in range(4)]
    now = datetime.datetime.now(datetime.UTC)
    for n in range(90):
        written = now - datetime.timedelta(days=rng.randint(0, 350), hours=rng.randint(0, 23))
        comment = Comment.objects.create(post=post, author=rng.choice(readers),
                                         text=f"Kommentar {n}", status=Comment.Status.PENDING)
        Comment.objects.filter(pk=comment.pk).update(created_at=written)
        choice = rng.random()
        if choice < 0.1:
            continue  # still waiting
        if choice < 0.6:
            actions.approve(comment, officer)
        elif choice < 0.85:
            actions.reject(comment, officer, rng.sample(RULE_KEYS, rng.choice((1, 1, 2))))
        else:
            actions.mark_spam(comment, officer)
        decided = min(written + datetime.timedelta(hours=rng.uniform(0.2, 30)), now)
        ModelLogEntry.objects.filter(object_id=str(comment.pk)).update(timestamp=decided)


def publish_report():
    index = BlogIndexPage.objects.get()
    page = ModerationReportPage(title="Så modererar vi", slug="sa-modererar-vi",
                                intro="<p>Alla kommentarer granskas innan de publiceras.</p>")
    index.add_child(instance=page)
    page.save_revision().publish()


def test_public_report_page_passes_axe(demo, live_server, page, audit):
    months_of_decisions()
    publish_report()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text
            else None)
    audit.visit(f"{live_server.url}{URL}", "Så modererar vi")
    assert page.locator("svg[role=img]").count() == 3
    assert page.locator("table caption").count() == 2
    assert page.get_by_role("img", name="Inkomna kommentarer per månad, efter hur de står nu").is_visible()
    width = page.locator("svg.chart").first.bounding_box()["width"]
    assert width > 300
    shoot(page, "public-report")
    page.set_viewport_size({"width": 380, "height": 800})
    # Narrow screens scroll the chart rather than shrink its text below its drawn size.
    figure = page.locator("figure.chart-figure").first
    assert figure.bounding_box()["width"] <= 380
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth")
    audit.check("Så modererar vi, narrow")
    shoot(page, "public-report-narrow")
    audit.assert_clean()
    assert not blocked


def test_dashboard_panel_for_the_officer(demo, live_server, context, page):
    months_of_decisions()
    log_in(context, live_server, OFFICER)
    page.goto(f"{live_server.url}/admin/")
    panel = page.locator("#moderation-panel-section")
    assert panel.is_visible()
    assert panel.get_by_role("img", name="Beslut per vecka, de senaste 8 veckorna").is_visible()
    assert panel.get_by_role("link", name="har väntat").count() == 1
    shoot(page, "dashboard")
    panel.get_by_role("link", name="har väntat").click()
    page.wait_for_load_state()
    assert "/admin/snippets/comments/comment/edit/" in page.url
