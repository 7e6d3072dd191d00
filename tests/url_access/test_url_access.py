"""Every URL pattern of the site, and who may reach it.

The test walks Django's resolver recursively (the Wagtail admin and the page routes of the
blog index included), builds one concrete URL per pattern from objects made here, requests
it as each of five people and compares the outcome with EXPECTED (expected.tsv). A pattern that
EXPECTED does not name fails the test, unless it is in UNBUILDABLE with the reason, so a
new URL (an upgrade of Wagtail or allauth, a new view) is looked at before it ships.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import URLResolver, get_resolver
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from tests.url_access.world import World

ROLES = ["anonymous", "reader", "blogger", "officer", "superuser"]
# The one URL pattern of Wagtail's bulk actions serves every registered action of every
# model; the project's models get one row per action (bulk: rows, from the registry).
PROJECT_APPS = {"blog", "subscriptions", "events", "contact", "comments", "moderation", "mrblogg"}

# Who may reach each pattern: one letter per person, in the order of ROLES, read from
# expected.tsv beside this file (a route, a tab, five letters; the letters are explained there).
EXPECTED = {
    route: letters
    for line in (Path(__file__).with_name("expected.tsv")).read_text().splitlines()
    if line.strip() and not line.startswith("#")
    for route, letters in [line.split("\t")]
}


# Patterns this test cannot build a URL for, and why (each is still covered by a rule above
# through its neighbours, and by the admin's blanket access check).
UNBUILDABLE = {
    # Workflow task states exist only while a page is in moderation; the site uses no workflow.
    "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
    "admin/pages/workflow/collect_action_data/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
    "admin/pages/<int:page_id>/workflow_history/detail/<int:workflow_state_id>/",
    # Upload-in-progress rows of the multiple uploader, made only by a failed upload in a browser.
    "admin/images/multiple/create_from_uploaded_image/<int:uploaded_file_id>/",
    "admin/images/multiple/delete_upload/<int:uploaded_file_id>/",
    "admin/documents/multiple/create_from_uploaded_document/<int:uploaded_file_id>/",
    "admin/documents/multiple/delete_upload/<int:uploaded_file_id>/",
    # Editing sessions are opened by the editor's JavaScript.
    "admin/editing-sessions/ping/<str:app_label>/<str:model_name>/<str:object_id>/<int:session_id>/",
    "admin/editing-sessions/release/<int:session_id>/",
    # Wagtail's password reset confirmation: switched off (WAGTAIL_PASSWORD_RESET_ENABLED).
    "admin/password_reset/confirm/<uidb64>/<token>/",
    # Page and document view restrictions: the site has none.
    "documents/authenticate_with_password/<int:restriction_id>/",
    "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
}


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern)


def outcome(response):
    code = response.status_code
    if code >= 500:
        return "error"
    if code in (401, 403):
        return "denied"
    if code == 404:
        return "missing"
    if 300 <= code < 400:
        path = urlsplit(response["Location"]).path
        if path.startswith("/konto/login/") or path == "/admin/login/":
            return "login"
        if path == "/admin/":
            return "denied"  # Wagtail's permission_denied: home page with a message
    return "ok"


def bulk_routes():
    """One route per bulk action registered for a model of the project."""
    bulk_action_registry.get_bulk_actions_for_model("", "")  # fills the registry
    return sorted(
        f"bulk:{app_label}/{model_name}/{action}"
        for app_label, models in bulk_action_registry.actions.items()
        if app_label in PROJECT_APPS
        for model_name, actions in models.items()
        for action in actions
    )


def query_routes():
    """Views the resolver names once but that answer differently by query string."""
    return [r for r in EXPECTED if r.startswith("query:")]


def all_routes(world):
    routes = [r for r in walk(get_resolver().url_patterns)]
    return routes + world.page_routes() + bulk_routes() + query_routes()


def request(client, url, headers):
    """A GET; for a view that takes only POST (405), an empty POST, so its own permission
    check is what answers. Rolled back, so a deletion does not change later samples."""
    with transaction.atomic():
        response = client.get(url, headers=headers)
        if response.status_code == 405:
            response = client.post(url, {}, headers=headers)
        transaction.set_rollback(True)
    return response


LETTER = {"ok": "o", "login": "L", "denied": "D", "missing": "M", "error": "E"}
PUBLIC_ADMIN_ASSETS = {"admin/sprite/", "admin/jsi18n/"}
OFFICERS_ONLY = (
    r"^(admin/(snippets/(choose/)?(comments|moderation)/|subscriptions/)"
    r"|bulk:(comments|moderation)/)"
)
# (Wagtail's task chooser lists the names of workflow tasks to anyone in the admin.)
# Personal data sent through the forms (contact.view_personal_data).
PERSONAL_DATA = r"^(admin/|query:/admin/)(forms/submissions/|anmalningar/)"
SUPERUSERS_ONLY = r"^admin/(users|groups|sites|workflows/(?!task_chooser)|collections|redirects)/"


def test_every_pattern_is_either_expected_or_listed_as_unbuildable():
    routes = set(walk(get_resolver().url_patterns))
    assert UNBUILDABLE <= routes, UNBUILDABLE - routes
    assert not UNBUILDABLE & set(EXPECTED)
    routes |= set(bulk_routes())
    missing = routes - UNBUILDABLE - set(EXPECTED)
    assert not missing, f"new URL patterns without an access rule: {sorted(missing)}"
    stale = {r for r in EXPECTED if not r.startswith(("page:", "query:"))} - routes
    assert not stale, stale


def test_every_bulk_action_on_comments_is_a_moderators_only_one():
    """Wagtail registers its snippet bulk actions for every snippet model; each one that
    reaches comments must be the queue's own, which refuses before listing anything."""
    from moderation.wagtail_hooks import ModeratorsOnlyBulkAction

    for app_label, model_name in [("comments", "comment"), ("moderation", "listedphrase"),
                                  ("moderation", "organisation")]:
        actions = bulk_action_registry.get_bulk_actions_for_model(app_label, model_name)
        assert actions, model_name
        for action in actions:
            assert issubclass(action, ModeratorsOnlyBulkAction), (model_name, action)


def test_the_table_keeps_the_admin_closed_to_those_outside_it():
    for route, letters in EXPECTED.items():
        anonymous, reader, blogger, officer, _superuser = letters
        in_admin = route.startswith(("admin/", "bulk:", "query:/admin/"))
        if in_admin and route not in PUBLIC_ADMIN_ASSETS:
            assert anonymous in "LM" and reader in "LDM", route
        if re.search(OFFICERS_ONLY, route):
            assert blogger in "DM", route
        if re.search(PERSONAL_DATA, route):
            assert blogger in "DM", route
        if re.search(SUPERUSERS_ONLY, route):
            assert blogger in "DM" and officer in "DM", route


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_pattern_admits_only_whom_it_should(client, role):
    client.raise_request_exception = False  # Wagtail's failwhale raises on purpose
    world = World()
    user = world.users[role]
    column = ROLES.index(role)
    wrong = []
    for route in all_routes(world):
        if route in UNBUILDABLE:
            continue
        url = world.url(route)
        if user is not None:
            client.force_login(user)  # again: some URLs log out (/admin/logout/)
        headers = {"X-Requested-With": "XMLHttpRequest"} if "refresh" in route else {}
        got = LETTER[outcome(request(client, url, headers))]
        if got != EXPECTED[route][column]:
            wrong.append(f"{url} ({route}): expected {EXPECTED[route][column]}, got {got}")
    assert not wrong, f"{len(wrong)} wrong for {role}:\n" + "\n".join(wrong)


@pytest.mark.django_db
def test_the_moderation_queue_refuses_bloggers(client):
    world = World()
    client.force_login(world.users["blogger"])
    # Wagtail's own permission-denied handling: the dashboard, with its message.
    denied = client.get("/admin/snippets/comments/comment/")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    client.force_login(world.users["officer"])
    assert client.get("/admin/snippets/comments/comment/").status_code == 200
