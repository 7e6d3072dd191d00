import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests.factories import make_blog_index
from tests.staff import give_totp


@pytest.fixture(autouse=True)
def screening_without_model(request, monkeypatch):
    """Screening leaves the learned model out, so the tests of the lists and other checks
    see only what those checks find; tests marked `screening_model` use it (the model's
    findings depend on the whole corpus, which grows: tests/moderation/test_learning*)."""
    if request.node.get_closest_marker("screening_model") is None:
        monkeypatch.setattr("moderation.checks.learned.store.active_model", lambda: None)


@pytest.fixture
def blog_index(db):
    return make_blog_index()


@pytest.fixture
def editor_client(client, db):
    """A client logged in as a superuser of the Wagtail admin (with an authenticator app,
    which staff must have)."""
    user = get_user_model().objects.create_superuser("redaktor", "redaktor@example.org", "pw")
    client.force_login(give_totp(user))
    return client


WORKER = ["db_worker", "--batch", "--no-reload", "--no-startup-delay", "--interval", "0"]


@pytest.fixture
def database_queue(settings):
    """Tasks go to the database queue, as in production, instead of running at once."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.fixture
def run_worker(django_capture_on_commit_callbacks, monkeypatch):
    """Run the real worker (`manage.py db_worker`). The test holds one transaction, so the
    on-commit hooks that queue further tasks are captured and run (into the database queue)
    when the worker returns; `until_empty` then starts the worker again, as a long-running
    worker would poll, until no task is ready. The one change to the worker: it may not
    recycle the connection, which would end that transaction."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    def run(*extra, until_empty=True):
        while True:
            with django_capture_on_commit_callbacks(execute=True):
                call_command(*WORKER, *extra, verbosity=0)
            if not until_empty or not DBTaskResult.objects.ready().exists():
                return

    return run


@pytest.fixture
def fresh_rate_limits():
    """No rate-limit counter left in the cache (allauth's) by an earlier test, nor after."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_site_root():
    """The cached public address (mrblogg/addresses.py) of one test's Site never outlives the
    test: the rollback that undoes the Site sends no post_save to clear it."""
    from mrblogg.addresses import CACHE_KEY

    # The cache entry alone: forget_site_root() also waits for a commit, which needs the
    # database that many tests do not ask for.
    cache.delete(CACHE_KEY)
    yield
    cache.delete(CACHE_KEY)


@pytest.fixture
def patient_sqlite():
    """Concurrency tests queue thirty writers for SQLite's one write lock; on a loaded machine
    the site's five seconds (a visitor's wait) is not always enough, and a 503 is not what
    they measure. Their threads' connections wait 30 s instead; PostgreSQL is left alone."""
    from django.db import connections

    options = connections.settings["default"].setdefault("OPTIONS", {})
    if connections.settings["default"]["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    before = options.get("timeout")
    options["timeout"] = 30
    yield
    options["timeout"] = before
