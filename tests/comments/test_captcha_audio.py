"""The CAPTCHA's audio alternative speaks Swedish (espeak-ng through mrblogg/bin/captcha-speak)."""

import re
import shutil

import pytest
from django.conf import settings

from tests.comments.factory import make_reader
from tests.factories import make_post


@pytest.mark.django_db
def test_audio_alternative_is_a_wav_spoken_by_the_swedish_wrapper(client, blog_index):
    post = make_post()
    client.force_login(make_reader())
    html = client.get(post.url).content.decode()
    audio = re.search(r'<a href="(/captcha/audio/[0-9a-f]+\.wav)">Lyssna på tecknen', html)
    if shutil.which("espeak-ng"):
        assert settings.CAPTCHA_FLITE_PATH.endswith("mrblogg/bin/captcha-speak")
        response = client.get(audio.group(1))
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body[:4] == b"RIFF" and body[8:12] == b"WAVE"
        assert len(body) > 10_000  # several spoken characters, not an empty file
    else:
        # Without a speech synthesiser no dead audio link is offered.
        assert audio is None and not getattr(settings, "CAPTCHA_FLITE_PATH", None)
