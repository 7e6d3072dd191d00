"""The announcement e-mail (blog/subscriptions/emails.py): Swedish, both parts, RFC 8058 headers."""

import re

import pytest

from blog.subscriptions.models import Subscriber
from tests.blog.subscriptions.factory import make_subscriber
from tests.factories import make_blogger, make_post

pytestmark = pytest.mark.django_db


def test_the_announcement_has_title_intro_link_writers_and_one_click_unsubscribe(
    client, blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = make_subscriber(email="lasare@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(
            title="Rätten till bostad",
            intro="Om bostadsförsörjning & rättigheter.",
            bloggers=[make_blogger(name="Anna Svensson", role="SKR")],
        )
    [message] = mailoutbox
    assert message.subject == "Nytt på MR-bloggen: Rätten till bostad"
    assert message.to == ["lasare@example.org"]
    for part in (message.body, message.alternatives[0][0]):
        assert "Rätten till bostad" in part
        assert "Anna Svensson (SKR)" in part
        assert post.get_full_url() in part
        assert "Du får det här meddelandet eftersom du prenumererar" in part
    assert "Om bostadsförsörjning & rättigheter." in message.body
    assert "Om bostadsförsörjning &amp; rättigheter." in message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"

    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message.extra_headers["List-Unsubscribe"]
    url, mailto = re.fullmatch(r"<(http[^>]+)>, <(mailto:[^>]+)>", header).groups()
    assert mailto.startswith("mailto:noreply@example.org?subject=unsubscribe")
    assert url in message.body and url in message.alternatives[0][0]

    # RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the URL, no cookies.
    path = url.removeprefix("http://localhost")
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED


def test_each_subscriber_gets_their_own_unsubscribe_link(
    blog_index, mailoutbox, django_capture_on_commit_callbacks
):
    make_subscriber()
    make_subscriber()
    with django_capture_on_commit_callbacks(execute=True):
        make_post()
    links = {m.extra_headers["List-Unsubscribe"] for m in mailoutbox}
    assert len(links) == 2
