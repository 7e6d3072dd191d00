"""The model page in the admin: who may see it and use it, what it shows, and its two
changes (retrain, roll back), POST with CSRF only."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from moderation.learning import store
from moderation.models import ScreeningModel
from tests.comments.factory import make_reader
from tests.moderation.learning_factory import small_corpus  # noqa: F401
from tests.moderation.record_fixtures import make_officer, staff
from tests.staff import give_totp, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.screening_model,
              pytest.mark.usefixtures("small_corpus")]

PAGE = reverse("moderation_screening_model")
RETRAIN = reverse("moderation_screening_retrain")


def activate_url(version):
    return reverse("moderation_screening_activate", args=[version])


@pytest.fixture
def officer():
    return make_officer()


@pytest.fixture
def two_versions():
    first = store.install()
    second = ScreeningModel.objects.create(
        version=first.version + 1, trigger="admin", corpus_size=1, decisions=1,
        inputs_hash="x", seconds=0.1, metrics={}, thresholds={}, pipeline=b"",
    )
    return first, second


@pytest.mark.usefixtures("blog_index")
def test_anonymous_readers_and_bloggers_are_refused_everything(client, two_versions):
    for url, method in [(PAGE, "get"), (RETRAIN, "post"), (activate_url(2), "post")]:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url
    blogger = give_totp(make_staff("Bloggare"))
    for who in [make_reader(), blogger, staff("viewer", "view_comment")]:
        client.force_login(who)
        for url, method in [(PAGE, "get"), (RETRAIN, "post"), (activate_url(2), "post")]:
            response = getattr(client, method)(url)
            assert response.status_code in (302, 403), (who, url)
            assert "Versioner" not in response.content.decode()
    assert ScreeningModel.objects.get(active=True).version == 1


def test_the_officer_sees_the_figures_the_versions_and_the_buttons(client, officer, two_versions):
    client.force_login(officer)
    html = client.get(PAGE).content.decode()
    assert "Granskningsmodell" in html and "Version 1 är aktiv" in html
    assert "300 kommentarer ur den medföljande korpusen och 0 beslut" in html
    assert "Precision" in html and "Täckning" in html and "<caption" in html
    assert "Träna om nu" in html and "Återställ till denna version" in html
    assert 'aria-label="Återställ till version 2"' in html
    assert "csrfmiddlewaretoken" in html
    assert html.count("<strong>Aktiv</strong>") == 1  # said in words, not colour alone


@pytest.mark.usefixtures("blog_index")
def test_the_menu_shows_the_page_to_officers_only(client, officer):
    client.force_login(officer)
    assert PAGE in client.get("/admin/").content.decode()
    client.force_login(give_totp(make_staff("Bloggare")))
    assert PAGE not in client.get("/admin/").content.decode()


def test_rolling_back_and_forward(client, officer, two_versions):
    ScreeningModel.objects.update(active=False)
    ScreeningModel.objects.filter(version=2).update(active=True)
    client.force_login(officer)
    response = client.post(activate_url(1))
    assert response.status_code == 302 and response["Location"] == PAGE
    assert ScreeningModel.objects.get(active=True).version == 1
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Version 1 är nu den aktiva modellen."]


def test_a_forged_version_says_so_in_swedish(client, officer, two_versions):
    client.force_login(officer)
    response = client.post(activate_url(987654), follow=True)
    assert response.status_code == 200
    assert "Det finns ingen version 987654." in response.content.decode()
    assert ScreeningModel.objects.get(active=True).version == 1


def test_get_changes_nothing_and_csrf_is_required(officer, two_versions):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    assert client.get(activate_url(2)).status_code == 405
    assert client.get(RETRAIN).status_code == 405
    assert client.post(activate_url(2)).status_code == 403
    assert ScreeningModel.objects.get(active=True).version == 1


def test_retrain_now_queues_the_task(client, officer, django_capture_on_commit_callbacks):
    store.install()
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(RETRAIN)
    assert response.status_code == 302
    assert [c.task.name for c in callbacks] == ["retrain_screening_model"]
    assert callbacks[0].args == ("admin",)


def test_retraining_is_rate_limited(client, officer):
    store.install()
    client.force_login(officer)
    for _ in range(6):
        client.post(RETRAIN)
    response = client.post(RETRAIN, follow=True)
    assert "tränats om många gånger" in response.content.decode()


def test_the_page_without_any_model(client, officer, monkeypatch):
    monkeypatch.setattr(store, "active_row", lambda: None)
    ScreeningModel.objects.all().delete()
    client.force_login(officer)
    html = client.get(PAGE).content.decode()
    assert "Ingen modell är tränad än." in html and "Träna om nu" in html
