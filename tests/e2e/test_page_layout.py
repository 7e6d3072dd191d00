"""What a reader sees of issue 13 in a browser: search reachable on a phone without
scrolling, checkboxes beside their labels, the delete confirmation's buttons apart, the
index's event facts and comment counts, and the menu's one marked item."""

import pytest

from comments.models import Comment
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 375, "height": 740}


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def test_on_a_phone_search_is_in_the_header_without_scrolling(demo, live_server, context, page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/")
    link = page.locator(".site-header .nav-search a")
    assert link.is_visible()
    where = link.bounding_box()
    assert where["y"] + where["height"] <= PHONE["height"]
    link.click()
    assert page.url.endswith("/sok/")
    assert page.locator("#search-q").is_visible()
    # Wider screens have the field at the top of the side column: no header link there.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    assert not page.locator(".site-header .nav-search a").is_visible()
    assert page.locator("#side-search-q").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_a_checkbox_sits_beside_its_label(demo, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(live_server.url + "/konto/login/")
    checkbox = box(page, ".field-checkbox input[type=checkbox]")
    label = box(page, ".field-checkbox label")
    assert label["x"] >= checkbox["x"] + checkbox["width"]  # to its right
    # on the same line: the middle of the box lies within the label's line
    middle = checkbox["y"] + checkbox["height"] / 2
    assert label["y"] <= middle <= label["y"] + label["height"]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_delete_button_is_apart_and_not_primary(demo, live_server, context, page, width):
    user = log_in(context, live_server, "lasare2@example.org")
    comment = Comment.objects.filter(author=user).first()
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{live_server.url}/kommentarer/{comment.pk}/radera/")
    back = page.get_by_role("link", name="Nej, gå tillbaka")
    delete = page.get_by_role("button", name="Ja, radera kommentaren")
    b, d = back.bounding_box(), delete.bounding_box()
    apart = max(d["x"] - (b["x"] + b["width"]), d["y"] - (b["y"] + b["height"]))
    assert apart >= 8, (b, d)
    colours = page.evaluate("""() => {
      const s = el => getComputedStyle(el).backgroundColor;
      return [s(document.querySelector('.form-buttons .button')),
              s(document.querySelector('.form-buttons button.danger'))];
    }""")
    assert colours[0] == "rgb(19, 56, 94)"  # the brand colour: the primary choice
    assert colours[1] == "rgb(255, 255, 255)"  # outlined, not filled


def test_the_index_shows_event_facts_and_comment_counts(demo, live_server, page):
    page.goto(live_server.url + "/")
    event = page.locator("article.post-summary", has_text="Regional konferens mänskliga rättigheter")
    assert event.locator(".event-when time").first.inner_text() == "30 november 2022"
    assert "Umeå" in event.locator(".event-where").inner_text()
    post = page.locator("article.post-summary", has_text="SKR bjuder in till regionala")
    published = Comment.objects.published().filter(post__title__startswith="SKR bjuder in").count()
    assert post.get_by_role("link", name=f"{published} kommentarer").is_visible()
    marked = page.locator(".site-nav [aria-current]")
    assert marked.count() == 1 and marked.inner_text() == "Inlägg"
    page.goto(live_server.url + "/konto/login/")
    assert page.locator(".site-nav [aria-current]").inner_text() == "Logga in"
