"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

No browser is downloaded: chromium comes from apt (`apt-get install chromium`) and is
started by path. One browser per test module; a fresh context (cookies, storage) per test.
Every test here uses the live server, so it runs on a transactional database; the marker
`serialized_rollback=True` puts Wagtail's root page and default site back after the flush.
"""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
# WCAG 2.1 A and AA rules; axe's "best-practice" rules too (heading order, landmarks, one
# main, unique landmark names): the site passes them, so they guard against regressions.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_TAGS = WCAG_TAGS + ["best-practice"]


@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker):
    """One chromium per test module (not per session, on purpose).

    While Playwright's sync API is started, its event loop counts as running in this
    thread. Django then refuses the ORM unless DJANGO_ALLOW_ASYNC_UNSAFE is set (safe here:
    the loop only talks to the browser), and asgiref hands this thread a second, context-
    local database connection. Both must not outlive the browser tests: the variable would
    reach subprocesses of other tests (`check --deploy` rejects it) and the other tests of
    this process would run on the second connection. So the browser lives for one module,
    the variable only as long as the browser, and the database gets back what the
    migrations made (the last transactional test emptied it).
    """
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(f"chromium not found at {CHROMIUM} (Debian: apt-get install chromium)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {alias: getattr(connections[alias], "_test_serialized_contents", None)
                  for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    # The context-local connection needs what serialized_rollback restores from.
    for alias, contents in serialized.items():
        if contents is not None:
            connections[alias]._test_serialized_contents = contents
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
        with django_db_blocker.unblock():
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture(autouse=True)
def _empty_caches():
    """The database is emptied between tests; cached pages and rate-limit counters go too."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=DESKTOP, locale="sv-SE")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def demo(live_server):
    """The demo blog (posts, pages, users, comments) in the live server's database."""
    out = io.StringIO()
    call_command("load_demo", "--force", stdout=out)
    call_command("load_demo_comments", "--force", stdout=out)


def log_in(context, live_server, email="lasare@example.org"):
    """Give `context` the session cookie of a logged-in `email` (no typing: a set-up step)."""
    user = get_user_model().objects.get(email=email)
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    return user


# --- axe-core ----------------------------------------------------------------------


def axe_violations(page):
    """The violations axe-core finds on the page as it is now (see AXE_TAGS)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                       "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
                     f" ({violation['helpUrl']})")
        for node in violation["nodes"][:8]:
            lines.append(f"      at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            for check in node.get("any", []) + node.get("all", []) + node.get("none", []):
                lines.append(f"        - {check['message']}")
    return "\n".join(lines)


class AxeAudit:
    """Collects the violations of several pages; `assert_clean()` reports them all at once."""

    def __init__(self, page):
        self.page = page
        self.found = {}
        self.checked = []

    def check(self, label):
        violations = axe_violations(self.page)
        self.checked.append(label)
        if violations:
            self.found[f"{label} ({self.page.url})"] = violations

    def visit(self, url, label, status=200):
        response = self.page.goto(url)
        if response is None or response.status != status:
            self.checked.append(label)
            self.found[f"{label} ({url})"] = (
                f"  answered {response and response.status}, expected {status}"
            )
            return
        self.check(label)

    def assert_clean(self):
        report = "\n".join(
            f"{where}:\n{v if isinstance(v, str) else describe(v)}" for where, v in self.found.items()
        )
        assert not self.found, (
            f"axe-core found violations (WCAG 2.1 A/AA, best practice) on {len(self.found)} of "
            f"{len(self.checked)} pages:\n{report}"
        )


@pytest.fixture
def audit(page):
    return AxeAudit(page)


# --- keyboard ----------------------------------------------------------------------

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
          type: el.getAttribute('type'), href: el.getAttribute('href'),
          text: (el.innerText || el.value || '').trim().slice(0, 120),
          label: el.labels && el.labels.length ? el.labels[0].innerText.trim() : null};
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab_to(page, matches, limit=80, back=False):
    """Press Tab (Shift+Tab when `back`) until `matches(focused element)`; fail after `limit`."""
    key = "Shift+Tab" if back else "Tab"
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        element = focused(page)
        if element and matches(element):
            return element
        seen.append(element and (element["tag"], element["id"] or element["text"][:30]))
    pytest.fail(f"not reached with {key} in {limit} presses; focus went through {seen}")
