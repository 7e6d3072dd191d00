"""One public address (mrblogg/addresses.py): every channel that writes an absolute link
names the default Site's root, whatever host the request came in on or whether the worker
wrote it; `manage.py set_site_address` sets that root."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from wagtail.models import Site

from blog.subscriptions import tasks as subscription_tasks
from blog.subscriptions.models import Mailing
from comments.models import Comment
from moderation.actions import approve
from moderation.tasks import notify_officers
from mrblogg.addresses import CACHE_KEY, public_url, site_root
from tests.blog.subscriptions.factory import make_subscriber
from tests.comments.factory import make_comment, make_reader
from tests.factories import (
    contact_data,
    make_contact_page,
    make_open_event,
    make_post,
    make_registration_form,
    registration_data,
)
from tests.staff import give_totp

BASE = "https://mr.example.se"
URL = re.compile(r"https?://[^\s\"'<>\\]+")
# Names of formats and vocabularies, not links of ours.
FOREIGN = ("http://www.w3.org/", "http://www.sitemaps.org/", "https://schema.org",
           "http://schema.org", "http://purl.org/", "http://www.google.com/schemas/")

pytestmark = pytest.mark.usefixtures("fresh_rate_limits")


def our_urls(text):
    """Every absolute URL in `text` but the names of formats (iCalendar lines unfolded)."""
    text = text.replace("\r\n ", "")
    return [u for u in URL.findall(text) if not u.startswith(FOREIGN)]


def everything_in(message):
    parts = [message.subject, message.body, *(v for k, v in message.extra_headers.items())]
    parts += [content for content, _type in getattr(message, "alternatives", [])]
    parts += [a[1] for a in message.attachments if isinstance(a[1], str)]
    return "\n".join(parts)


@pytest.fixture
def public_site(blog_index):
    call_command("set_site_address", BASE + "/")
    return Site.objects.get(is_default_site=True)


@pytest.mark.django_db
def test_every_channel_names_the_one_public_address(
    client, public_site, blog_index, django_capture_on_commit_callbacks
):
    post = make_post(title="Om rättigheter för alla", tags=["barnrätt"])
    event = make_registration_form(make_open_event(title="Regional konferens i Umeå"))
    contact = make_contact_page()
    channels = {}

    for path in ["/rss/", "/atom/", "/taggar/barnratt/rss/", "/taggar/barnratt/atom/",
                 "/sitemap.xml", "/robots.txt", "/", post.url, event.url,
                 f"{blog_index.url}kalender/{event.slug}/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        channels[path] = response.content.decode()

    # E-mails: subscription confirmation, the new-post mailing with its unsubscribe link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/prenumeration/", {"email": "ny@example.org", "captcha_0": "x",
                                        "captcha_1": "PASSED"}, REMOTE_ADDR="192.0.2.10")
    make_subscriber(email="läsare@example.org")
    Mailing.objects.get_or_create(post=post)
    with django_capture_on_commit_callbacks(execute=True):
        subscription_tasks.fan_out.enqueue(post.pk)
    # Contact and registration receipts (with the .ics attached).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact.url, contact_data())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(event.url, registration_data(event))
    # allauth: verification on sign-up and password reset.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/signup/", {
            "email": "ny.lasare@example.org", "password1": "ett-långt-lösenord-9",
            "password2": "ett-långt-lösenord-9", "display_name": "Ny Läsare",
            "captcha_0": "x", "captcha_1": "PASSED"})
    client.logout()
    reader = make_reader(email="glomsk@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/konto/password/reset/", {"email": "glomsk@example.org"})
    # The officers' notice and the decision on a comment (worker mails, no request).
    officer = get_user_model().objects.create_user("io", "io@example.org", "pw")
    officer.groups.add(Group.objects.get_or_create(name="Informationsansvariga")[0])
    comment = make_comment(post, author=reader, text="Väntar på granskning",
                           status=Comment.Status.PENDING)
    notify_officers.call()
    give_totp(officer)
    with django_capture_on_commit_callbacks(execute=True):
        approve(comment, officer)

    subjects = [m.subject for m in mail.outbox]
    kinds = {
        "subscription confirmation": "Bekräfta",
        "new post": "Om rättigheter för alla",
        "officers' notice": "väntar på granskning",
        "registration": "Regional konferens i Umeå",
    }
    for kind, words in kinds.items():
        assert any(words in s for s in subjects), (kind, subjects)
    assert any(m.to == ["glomsk@example.org"] for m in mail.outbox)
    verification = next(m for m in mail.outbox if m.to == ["ny.lasare@example.org"])
    # allauth signs with the site's domain: the public one, not the request's host.
    assert "mr.example.se" in verification.body and "testserver" not in verification.body
    assert any(m.to == [reader.email] and "publicera" in m.subject.lower() + m.body.lower()
               for m in mail.outbox), subjects
    for i, message in enumerate(mail.outbox):
        channels[f"mail {i} to {message.to}: {message.subject}"] = everything_in(message)

    # The reader's data export.
    client.force_login(reader)
    export = client.get("/kommentarer/mina/data.json")
    channels["data export"] = export.content.decode()
    assert json.loads(export.content)["comments"][0]["post_url"] == BASE + post.url

    wrong = {name: [u for u in our_urls(text) if not u.startswith(BASE + "/")]
             for name, text in channels.items()}
    assert {name: urls for name, urls in wrong.items() if urls} == {}
    # Not vacuous: every channel but the officers' and a few receipts carries links.
    with_links = [name for name, text in channels.items() if our_urls(text)]
    for must in ["/rss/", "/atom/", "/sitemap.xml", "/robots.txt", post.url, event.url,
                 "data export", f"{blog_index.url}kalender/{event.slug}/"]:
        assert must in with_links, must
    assert sum(name.startswith("mail") for name in with_links) >= 8, with_links


@pytest.mark.django_db
def test_the_page_meta_names_the_public_address_on_any_host(client, public_site, settings):
    settings.ALLOWED_HOSTS = ["*"]
    post = make_post(title="Öppenhet")
    html = client.get(post.url, HTTP_HOST="192.0.2.1:8080").content.decode()
    assert f'<link rel="canonical" href="{BASE}{post.url}">' in html
    assert f'<meta property="og:url" content="{BASE}{post.url}">' in html


@pytest.mark.django_db
def test_a_new_address_is_seen_at_once_and_the_command_is_idempotent(public_site, capsys):
    assert site_root() == BASE
    assert public_url("/prenumeration/") == BASE + "/prenumeration/"
    call_command("set_site_address", "http://127.0.0.1:8123")
    assert site_root() == "http://127.0.0.1:8123"
    assert Site.objects.get(is_default_site=True).port == 8123
    call_command("set_site_address", "http://127.0.0.1:8123/")
    assert Site.objects.count() == 1
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out


@pytest.mark.django_db
def test_without_an_argument_the_command_reads_site_address(blog_index, settings):
    settings.SITE_ADDRESS = "https://mr.skr.se"
    call_command("set_site_address")
    assert site_root() == "https://mr.skr.se"


@pytest.mark.django_db
def test_a_swedish_host_name_is_stored_as_idna(blog_index):
    call_command("set_site_address", "https://rättigheter.exempel.se/")
    assert site_root() == "https://" + "rättigheter.exempel.se".encode("idna").decode()
    assert site_root().isascii()


@pytest.mark.django_db
@pytest.mark.parametrize("address", [
    "mr.example.se", "ftp://mr.example.se/", "https://", "https://mr.example.se/blogg/",
    "https://mr.example.se/?a=1", "https://mr.example.se:8443/", "http://mr.example.se:443/",
    "http://mr.example.se:99999/", "https://" + "å" * 5000 + ".se/",
    "https://мр.пример.рф:x/",
])
def test_an_address_a_site_cannot_be_is_refused_and_nothing_changes(public_site, address):
    with pytest.raises(CommandError):
        call_command("set_site_address", address)
    assert site_root() == BASE


@pytest.mark.django_db
def test_a_site_changed_in_the_admin_is_seen_after_its_commit(
    public_site, django_capture_on_commit_callbacks
):
    assert site_root() == BASE
    with django_capture_on_commit_callbacks(execute=True):
        public_site.hostname = "mr.skr.se"
        public_site.save()
        # Another process reading between the save and the commit caches the old root...
        cache.set(CACHE_KEY, BASE)
    # ...and the commit forgets it.
    assert site_root() == "https://mr.skr.se"
