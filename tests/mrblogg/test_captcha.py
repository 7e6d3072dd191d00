"""The one human check (mrblogg/captcha.py) on every public form, and its spoken version."""

import re
import shutil

import pytest
from bs4 import BeautifulSoup
from captcha.models import CaptchaStore

from mrblogg import captcha, speech
from tests.comments.factory import make_reader
from tests.factories import (
    make_contact_page,
    make_open_event,
    make_post,
    make_registration_form,
    registration_data,
)

AUDIO_LINK = re.compile(r'<a href="(/captcha/audio/[0-9a-f]+\.wav)">Lyssna på tecknen')


@pytest.fixture
def no_speech_programs(monkeypatch, tmp_path):
    """No espeak-ng or flite on the PATH: the audio must come from the PyPI package alone."""
    monkeypatch.setenv("PATH", str(tmp_path))
    assert shutil.which("espeak-ng") is None and shutil.which("flite") is None


@pytest.fixture
def without_voice(monkeypatch):
    """A machine where the Swedish voice does not load."""
    monkeypatch.setattr(captcha, "_voice_loads", lambda: False)


def public_form_pages(client, blog_index):
    """(name, html) of every public form with the human check, as its visitor sees it."""
    pages = [("subscribe", client.get("/prenumeration/").content.decode())]
    pages.append(("contact", client.get(make_contact_page(blog_index).url).content.decode()))
    event = make_registration_form(make_open_event(blog_index))
    pages.append(("registration", client.get(event.url).content.decode()))
    pages.append(("signup", client.get("/konto/signup/").content.decode()))
    client.force_login(make_reader())
    pages.append(("comment", client.get(make_post(blog_index).url).content.decode()))
    client.logout()
    return pages


@pytest.mark.django_db
def test_every_public_form_has_the_one_check_with_audio_and_its_help(client, blog_index):
    for name, html in public_form_pages(client, blog_index):
        soup = BeautifulSoup(html, "html.parser")
        widgets = soup.select("div.captcha-widget")
        assert len(widgets) == 1, name
        answer = widgets[0].find("input", attrs={"name": "captcha_1"})
        assert answer["id"] == "id_captcha_1", name
        assert answer["aria-describedby"] == "id_captcha_helptext", name
        assert soup.find(id="id_captcha_helptext"), name  # the id the answer names exists
        assert "eller lyssna på dem" in soup.find(id="id_captcha_helptext").get_text(), name
        assert AUDIO_LINK.search(html), name


@pytest.mark.django_db
def test_without_a_voice_no_page_promises_audio(client, blog_index, without_voice):
    for name, html in public_form_pages(client, blog_index):
        assert "lyssna" not in html.lower(), name
        assert "/captcha/audio/" not in html, name
        help_text = BeautifulSoup(html, "html.parser").find(id="id_captcha_helptext")
        assert help_text.get_text(strip=True).startswith("Vi kontrollerar"), name
    store = CaptchaStore.objects.create(challenge="ABCD", response="abcd")
    assert client.get(f"/captcha/audio/{store.hashkey}.wav").status_code == 404


@pytest.mark.django_db
def test_the_audio_of_a_fresh_challenge_is_a_swedish_wav_without_any_program(
    client, blog_index, no_speech_programs
):
    html = client.get("/prenumeration/").content.decode()
    url = AUDIO_LINK.search(html).group(1)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    body = response.content
    assert body[:4] == b"RIFF" and body[8:12] == b"WAVE"
    assert len(body) > 40_000  # four or more characters spoken slowly, not an empty file
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_voice_is_swedish_and_an_unknown_voice_is_refused():
    swedish = speech.speak_wav("Å, Ä, Ö", voice="sv")
    english = speech.speak_wav("Å, Ä, Ö", voice="en")
    assert swedish[:4] == b"RIFF" and swedish != english  # sv speaks the letters its own way
    with pytest.raises(speech.SpeechUnavailable):
        speech.speak_wav("A", voice="xx-okänd")
    assert speech.speak_wav("A, B", voice="sv")[:4] == b"RIFF"  # the engine is still usable


@pytest.mark.django_db
def test_an_expired_challenge_is_gone_and_a_malformed_key_not_found(client):
    assert client.get("/captcha/audio/" + "0" * 40 + ".wav").status_code == 410
    assert client.get("/captcha/audio/%C3%A5%C3%A4%C3%B6.wav").status_code == 404


@pytest.mark.django_db
def test_registration_checks_the_human_and_stores_nothing_of_it(client, blog_index):
    from blog.events.models import Registration

    event = make_registration_form(make_open_event(blog_index))
    refused = client.post(event.url, registration_data(event, captcha_1="fel"))
    assert refused.status_code == 200
    assert "Tecknen stämde inte" in refused.content.decode()
    assert not Registration.objects.exists()
    client.post(event.url, registration_data(event))
    assert "captcha" not in Registration.objects.get().form_data


@pytest.mark.django_db
def test_signup_needs_the_human_check(client, blog_index):
    from django.contrib.auth import get_user_model

    data = {"email": "ny.lasare@example.org", "password1": "ett-långt-lösenord-42",
            "password2": "ett-långt-lösenord-42", "display_name": "Åsa i Luleå",
            "captcha_0": "x", "captcha_1": "fel"}
    response = client.post("/konto/signup/", data)
    assert response.status_code == 200 and "Tecknen stämde inte" in response.content.decode()
    assert not get_user_model().objects.filter(email="ny.lasare@example.org").exists()
    data["captcha_1"] = "PASSED"
    client.post("/konto/signup/", data)
    assert get_user_model().objects.filter(email="ny.lasare@example.org").exists()


def test_without_the_speech_package_speech_is_unavailable_not_an_error(monkeypatch):
    monkeypatch.setattr(speech, "espeakng_loader", None)
    engine = speech._Engine()
    assert engine.available() is False
    with pytest.raises(speech.SpeechUnavailable):
        engine.wav("A, B")


@pytest.mark.django_db
def test_a_check_that_cannot_store_its_challenge_says_so_instead_of_failing_the_page():
    from django.db import OperationalError, connection

    from blog.subscriptions.forms import SubscribeForm

    def locked(execute, sql, params, many, context):
        if "captcha_captchastore" in sql:
            raise OperationalError("database is locked")
        return execute(sql, params, many, context)

    form = SubscribeForm(data={"email": "åsa@example.org"})
    with connection.execute_wrapper(locked):
        html = str(form["captcha"])
    assert "Kontrollen kan inte visas just nu" in html
    assert "<img" not in html and "/captcha/audio/" not in html
