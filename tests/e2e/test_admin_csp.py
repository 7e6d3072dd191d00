"""The Wagtail admin and its preview panel under their own, looser Content-Security-Policy
(mrblogg/security.py, CONTENT_SECURITY_POLICY_ADMIN): an administrator edits a demo post,
previews it in the side panel and publishes it, and no frame reports a CSP violation."""

import re

import pytest
from playwright.sync_api import expect

from blog.models import BlogPost
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PLAIN_POST = "/skr-bjuder-in-till-regionala-mr-konferenser-i-samverkan/"
NEW_TITLE = "SKR bjuder in till MR-konferenser – redigerad och förhandsgranskad"
NEW_TEXT = "Ett nytt stycke, skrivet i Draftail under administratörens policy."

# Runs in every document of the context, the preview's iframe included, before the page's
# own scripts: each violation is kept in that frame's window.__csp and handed to the test
# at once (an iframe the preview replaces takes its list with it).
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (event) => {
  const violation = {blockedURI: event.blockedURI, violatedDirective: event.violatedDirective,
                     sourceFile: event.sourceFile, lineNumber: event.lineNumber,
                     documentURI: event.documentURI};
  window.__csp.push(violation);
  window.__reportCsp(violation);
});
"""


def directives(header):
    policy = {}
    for part in header.split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def test_edit_preview_and_publish_a_post_without_csp_violations(demo, live_server, context, page):
    violations, console, errors = [], [], []
    context.expose_binding("__reportCsp", lambda source, violation: violations.append(violation))
    context.add_init_script(CSP_LISTENER)
    # Chromium also logs what it refuses (an inline script, say) on the console.
    page.on("console", lambda message: "Content Security Policy" in message.text
            and console.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    # Staff must use two factors; the demo gives its staff an authenticator app (the demo
    # secret), and the session cookie below stands for a login that passed both.
    log_in(context, live_server, "admin@example.org")
    post = BlogPost.objects.get(url_path__endswith=PLAIN_POST)

    # A public page keeps the strict policy.
    public = page.goto(f"{live_server.url}{PLAIN_POST}")
    strict = directives(public.headers["content-security-policy"])
    assert strict["default-src"] == ["'none'"]
    assert strict["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in public.headers["content-security-policy"]

    # The admin really sends a policy of its own (loose, but there).
    dashboard = page.goto(f"{live_server.url}/admin/")
    assert dashboard.status == 200
    header = dashboard.headers.get("content-security-policy")
    assert header, "the admin must send a Content-Security-Policy"
    admin_policy = directives(header)
    assert admin_policy["default-src"] == ["'self'"]
    assert admin_policy["frame-ancestors"] == ["'self'"]
    assert admin_policy["object-src"] == ["'none'"]
    assert "nonce-" not in header

    # Through the explorer to the post's edit view.
    page.goto(f"{live_server.url}/admin/pages/{post.get_parent().pk}/")
    page.get_by_role("link", name=post.title, exact=True).first.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{post.pk}/edit/$"))

    page.get_by_role("textbox", name="Titel").fill(NEW_TITLE)
    # The body's first block is a paragraph: a new line at its end, typed into Draftail.
    page.locator("[data-contentpath='body'] .Draftail-Editor [contenteditable=true]").first.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(NEW_TEXT)
    # Draftail writes its hidden input a moment after the last keystroke.
    page.wait_for_function(
        "text => document.querySelector('input[name=\"body-0-value\"]').value.includes(text)",
        arg=NEW_TEXT,
    )

    # The preview panel: the page rendered by a dummy request, framed by the editor.
    page.get_by_role("button", name="Växla förhandsgranskning").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(NEW_TITLE)
    expect(preview.get_by_text(NEW_TEXT)).to_be_visible()
    preview_frame = next(f for f in page.frames if "in_preview_panel=true" in f.url)
    assert preview_frame.evaluate("Array.isArray(window.__csp)"), "listener not in the iframe"
    page.screenshot(path="/tmp/admin-preview.png")

    # Publish from the footer's action menu.
    page.get_by_role("button", name="Fler åtgärder").click()
    page.get_by_role("button", name="Publicera").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{post.get_parent().pk}/$"))
    expect(page.locator(".messages .success")).to_contain_text(
        f"Sida '{NEW_TITLE}' har blivit publicerad.")

    live = page.goto(f"{live_server.url}{PLAIN_POST}")
    assert live.status == 200
    expect(page.locator("h1")).to_have_text(NEW_TITLE)
    expect(page.get_by_text(NEW_TEXT)).to_be_visible()

    # What every frame still open has kept, beside what was reported as it happened.
    for frame in page.frames:
        violations += [v for v in frame.evaluate("window.__csp || []") if v not in violations]
    assert violations == [], "\n".join(map(str, violations))
    assert console == [], "\n".join(console)
    assert errors == [], "\n".join(errors)
