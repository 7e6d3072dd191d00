"""static/moderation/queue.js on its own: a page built to the queue's contract (rows
`.queue-row` with `data-decision` forms, JSON answers `{ok, message, row_html, counts}`),
served by Playwright's router, so every answer the server may give (success, 409, 400, a
lost connection, an HTML page instead of JSON) is played exactly. The include that the real
queue page renders (templates/moderation/includes/keyboard_help.html) is the real one."""

import json
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

ORIGIN = "http://queue.test"
QUEUE = "/admin/snippets/comments/comment/"
SCRIPT = Path(__file__).resolve().parents[2] / "static" / "moderation" / "queue.js"
STYLE = SCRIPT.with_name("queue.css")
TEXTS = ["Lugn kommentar om barnkonventionen", "Дискуссия о правах человека 人权",
         "Tredje kommentaren, med åäö"]
REFUSAL = "Kommentaren har redan avgjorts av Karin Öberg."


def pending_row(pk, text):
    token = '<input type="hidden" name="csrfmiddlewaretoken" value="token-%d">' % pk
    return f"""
<li class="queue-row" id="kommentar-{pk}" data-comment="{pk}">
  <p>{text}</p>
  <a href="{QUEUE}edit/{pk}/">Öppna kommentar {pk}</a>
  <form method="post" action="/approve/{pk}/" data-decision="approve">{token}
    <button type="submit">Godkänn {pk}</button></form>
  <details><summary>Avvisa {pk} …</summary>
    <form method="post" action="/reject/{pk}/" data-decision="reject">{token}
      <input type="checkbox" name="rules" value="good_tone" id="regel-{pk}" checked>
      <label for="regel-{pk}">God ton</label>
      <label for="anteckning-{pk}">Anteckning</label>
      <textarea name="note" id="anteckning-{pk}"></textarea>
      <button type="submit">Avvisa {pk}</button></form></details>
  <form method="post" action="/spam/{pk}/" data-decision="spam">{token}
    <button type="submit">Skräppost {pk}</button></form>
</li>"""


def decided_row(pk, what):
    return f"""
<li class="queue-row" id="kommentar-{pk}" data-comment="{pk}">
  <p>{what}</p>
  <form method="post" action="/undo/{pk}/" data-decision="undo">
    <input type="hidden" name="csrfmiddlewaretoken" value="token-{pk}">
    <button type="submit">Ångra {pk}</button></form>
</li>"""


def harness_html(user=None):
    request = RequestFactory().get(QUEUE)
    request.user = user or AnonymousUser()
    with translation.override("sv"):
        include = render_to_string("moderation/includes/keyboard_help.html", request=request)
    rows = "".join(pending_row(pk, text) for pk, text in enumerate(TEXTS, start=1))
    return f"""<!doctype html><html lang="sv"><head><title>Kön</title></head><body>
<aside id="wagtail-sidebar"><a href="{QUEUE}"><span>Granska kommentarer (3)</span></a></aside>
<main><nav><a href="?flik=vantar" aria-current="page">Väntar <span data-count="vantar">3</span></a>
<a href="?flik=publicerade">Publicerade (7)</a></nav>
<label for="sok">Sök</label><input id="sok" type="search">
{include}<ul>{rows}</ul></main></body></html>"""


class FakeServer:
    """Answers the page's requests; `posts` keeps what the script sent."""

    def __init__(self, user=None):
        self.user = user
        self.posts = []
        self.refuse = {}  # path -> (status, body)
        self.drop = set()  # paths whose connection is lost
        self.waiting = len(TEXTS)

    def __call__(self, route):
        request = route.request
        path = request.url[len(ORIGIN):]
        if request.method == "GET":
            return self.get(route, path)
        self.posts.append({"path": path, "headers": request.headers,
                           "form": parse_qs(request.post_data or "")})
        if path in self.drop:
            return route.abort("connectionreset")
        if path in self.refuse:
            status, body = self.refuse[path]
            return route.fulfill(status=status, body=body,
                                 content_type="application/json; charset=utf-8" if body.startswith("{") else "text/html")
        decision, pk = path.strip("/").split("/")
        pk = int(pk)
        if decision == "undo":
            self.waiting += 1
            row, message = pending_row(pk, TEXTS[pk - 1]), "Beslutet ångrades."
        else:
            self.waiting -= 1
            row, message = decided_row(pk, f"Beslut: {decision}"), f"Kommentaren fick beslutet {decision}."
        body = {"ok": True, "message": message, "row_html": row,
                "counts": {"vantar": self.waiting, "publicerade": 8}}
        return route.fulfill(status=200, body=json.dumps(body), content_type="application/json; charset=utf-8")

    def get(self, route, path):
        if path.startswith("/static/moderation/queue.js"):
            return route.fulfill(body=SCRIPT.read_text(), content_type="text/javascript; charset=utf-8")
        if path.startswith("/static/moderation/queue.css"):
            return route.fulfill(body=STYLE.read_text(), content_type="text/css; charset=utf-8")
        if path.startswith(f"{QUEUE}edit/"):
            return route.fulfill(body="<!doctype html><title>Kommentar</title><h1>Kommentar</h1>",
                                 content_type="text/html; charset=utf-8")
        return route.fulfill(body=harness_html(self.user), content_type="text/html; charset=utf-8")


@pytest.fixture
def server(page):
    fake = FakeServer()
    page.route(f"{ORIGIN}/**", fake)
    page.goto(f"{ORIGIN}{QUEUE}")
    return fake


def row(page, pk):
    return page.locator(f"#kommentar-{pk}")


def status(page):
    return page.locator("[data-keys-status]")


def active_id(page):
    return page.evaluate("() => (document.activeElement.closest('.queue-row') || {}).id || null")


def test_the_hint_shows_and_j_k_move_a_marked_focus(server, page):
    expect(page.get_by_text("Tryck ? för kortkommandon")).to_be_visible()
    page.keyboard.press("j")
    assert page.evaluate("() => document.activeElement.id") == "kommentar-1"
    expect(row(page, 1)).to_have_attribute("aria-current", "true")
    # Marked by shape, not by colour alone: an outline and a bar at the start of the row.
    marked = row(page, 1).evaluate("el => [getComputedStyle(el).outlineWidth, getComputedStyle(el).boxShadow]")
    assert marked[0] == "3px" and "inset" in marked[1]
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(row(page, 3)).to_be_focused()
    expect(row(page, 1)).not_to_have_attribute("aria-current", "true")
    page.keyboard.press("j")
    expect(status(page)).to_have_text("Det finns inga fler kommentarer på den här sidan.")
    expect(row(page, 3)).to_be_focused()
    page.keyboard.press("k")
    expect(row(page, 2)).to_be_focused()
    assert page.locator(".queue-row[aria-current]").count() == 1


def test_approve_by_key_sends_one_request_and_moves_on(server, page):
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(status(page)).to_have_text("Kommentaren fick beslutet approve.")
    expect(row(page, 1)).to_contain_text("Beslut: approve")
    expect(row(page, 2)).to_be_focused()
    (post,) = server.posts
    assert post["path"] == "/approve/1/"
    assert post["headers"]["accept"] == "application/json"
    assert post["headers"]["x-csrftoken"] == "token-1"
    assert post["form"]["csrfmiddlewaretoken"] == ["token-1"]
    # Tab and menu counts follow the answer, marked or not.
    expect(page.locator("[data-count='vantar']")).to_have_text("2")
    expect(page.locator("a[href='?flik=publicerade']")).to_have_text("Publicerade (8)")
    expect(page.locator("#wagtail-sidebar a")).to_have_text("Granska kommentarer (2)")

    # Back to the decided one and undo it: the row is pending again and keeps the focus.
    page.keyboard.press("k")
    page.keyboard.press("u")
    expect(status(page)).to_have_text("Beslutet ångrades.")
    expect(row(page, 1).get_by_role("button", name="Godkänn 1")).to_be_visible()
    expect(row(page, 1)).to_be_focused()
    expect(page.locator("[data-count='vantar']")).to_have_text("3")


def test_spam_then_a_missing_choice_is_announced(server, page):
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("s")
    expect(row(page, 2)).to_contain_text("Beslut: spam")
    expect(row(page, 3)).to_be_focused()
    page.keyboard.press("u")  # row 3 has nothing to undo
    expect(status(page)).to_have_text("Det valet finns inte för den här kommentaren.")
    assert [p["path"] for p in server.posts] == ["/spam/2/"]


def test_reject_opens_the_form_and_keys_never_fire_while_typing(server, page):
    page.keyboard.press("j")
    page.keyboard.press("r")
    expect(row(page, 1).locator("details")).to_have_attribute("open", "")
    expect(page.locator("#regel-1")).to_be_focused()
    expect(page.locator("#regel-1")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.locator("#anteckning-1")).to_be_focused()
    page.keyboard.type("jag skriver a, s, r, u, k och o – ingen genväg")
    page.keyboard.press("Control+a")
    page.locator("#sok").focus()
    page.keyboard.type("ajs")
    assert server.posts == []
    page.locator("#anteckning-1").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the form's own "Avvisa" button
    expect(row(page, 1)).to_contain_text("Beslut: reject")
    (post,) = server.posts
    assert post["form"]["rules"] == ["good_tone"]
    assert post["form"]["note"] == ["jag skriver a, s, r, u, k och o – ingen genväg"]
    # A decision from a button leaves the focus on the row's undo.
    expect(row(page, 1).get_by_role("button", name="Ångra 1")).to_be_focused()


def test_modifier_keys_do_nothing(server, page):
    page.keyboard.press("j")
    for key in ("Control+a", "Alt+s", "Meta+a", "Control+j"):
        page.keyboard.press(key)
    assert server.posts == []
    expect(row(page, 1)).to_be_focused()


def test_a_refusal_is_shown_and_announced_and_nothing_is_lost(server, page):
    server.refuse["/reject/2/"] = (409, json.dumps({"ok": False, "message": REFUSAL}))
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("r")
    page.locator("#anteckning-2").fill("Hot mot tjänsteperson")
    page.get_by_role("button", name="Avvisa 2").click()
    expect(row(page, 2).locator(".queue-keys__error")).to_have_text(REFUSAL)
    expect(status(page)).to_have_text(REFUSAL)
    expect(page.locator("#anteckning-2")).to_have_value("Hot mot tjänsteperson")
    expect(page.locator("#regel-2")).to_be_checked()
    expect(page.locator("[data-count='vantar']")).to_have_text("3")
    # Tried again after the refusal is withdrawn: the error goes, the decision is made.
    del server.refuse["/reject/2/"]
    page.get_by_role("button", name="Avvisa 2").click()
    expect(row(page, 2)).to_contain_text("Beslut: reject")
    expect(page.locator(".queue-keys__error")).to_have_count(0)


@pytest.mark.parametrize("answer, shown", [
    ((400, json.dumps({"ok": False, "message": "Välj minst en regel."})), "Välj minst en regel."),
    ((500, "<h1>Serverfel</h1>"), "Beslutet kunde inte sparas. Inget har ändrats; ladda om sidan och försök igen."),
    ((200, "<!doctype html><title>Logga in</title>"), "Beslutet kunde inte sparas. Inget har ändrats; ladda om sidan och försök igen."),
    ((403, json.dumps({"ok": False, "message": "<b>Ingen</b> behörighet 禁止"})), "<b>Ingen</b> behörighet 禁止"),
])
def test_bad_answers_are_told_in_swedish_as_text(server, page, answer, shown):
    server.refuse["/approve/1/"] = answer
    page.get_by_role("button", name="Godkänn 1").click()
    expect(row(page, 1).locator(".queue-keys__error")).to_have_text(shown)
    expect(row(page, 1).get_by_role("button", name="Godkänn 1")).to_be_visible()
    assert page.locator(".queue-keys__error b").count() == 0


def test_a_lost_connection_is_told(server, page):
    server.drop.add("/spam/3/")
    page.get_by_role("button", name="Skräppost 3").click()
    expect(row(page, 3).locator(".queue-keys__error")).to_have_text(
        "Beslutet kunde inte skickas (inget svar från servern). Inget har ändrats; försök igen.")
    expect(row(page, 3).get_by_role("button", name="Skräppost 3")).to_be_visible()


@pytest.mark.parametrize("key", ["o", "Enter"])
def test_o_and_enter_open_the_comments_page(server, page, key):
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press(key)
    page.wait_for_url(f"{ORIGIN}{QUEUE}edit/2/")  # times out (fails) if the page did not open
    assert page.url == f"{ORIGIN}{QUEUE}edit/2/"


def test_enter_on_a_button_does_what_the_button_does(server, page):
    page.get_by_role("button", name="Skräppost 1").focus()
    page.keyboard.press("Enter")
    expect(row(page, 1)).to_contain_text("Beslut: spam")
    assert page.url == f"{ORIGIN}{QUEUE}"


def test_a_second_key_while_the_first_is_under_way_sends_nothing_more(server, page):
    held = []
    page.route(f"{ORIGIN}/approve/**", lambda route: held.append(route))  # the last route added is asked first
    page.keyboard.press("j")
    page.keyboard.press("a")
    page.wait_for_function("() => document.querySelector('#kommentar-1').getAttribute('aria-busy')")
    page.get_by_role("button", name="Godkänn 1").click()
    page.keyboard.press("a")
    assert len(held) == 1
    server(held[0])
    expect(row(page, 1)).to_contain_text("Beslut: approve")


def test_keys_are_off_when_the_officer_turned_wagtails_shortcuts_off(page):
    # WCAG 2.1.4: single-key shortcuts can be turned off (Wagtail's account setting).
    officer = SimpleNamespace(wagtail_userprofile=SimpleNamespace(keyboard_shortcuts=False),
                              is_authenticated=True)
    fake = FakeServer(user=officer)
    page.route(f"{ORIGIN}/**", fake)
    page.goto(f"{ORIGIN}{QUEUE}")
    expect(page.get_by_role("button", name="Godkänn 1")).to_be_visible()
    expect(page.get_by_text("Tryck ? för kortkommandon")).to_be_hidden()
    page.keyboard.press("j")
    page.keyboard.press("a")
    assert active_id(page) is None and fake.posts == []
    # The buttons still decide without a reload.
    page.get_by_role("button", name="Godkänn 1").click()
    expect(row(page, 1)).to_contain_text("Beslut: approve")
