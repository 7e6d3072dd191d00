"""Anonymous readers get cached pages, refreshed when what they show changes; logged-in
readers are never served someone else's page, and personal pages say no-store."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from comments import closure
from comments.models import Comment
from comments.services import submit_comment
from moderation import actions
from moderation.models import ModerationSettings, OfficerNotice
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post

PAGE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
    "template_fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "f"},
}


@pytest.fixture(autouse=True)
def page_cache():
    with override_settings(CACHES=PAGE_CACHE):
        caches["pages"].clear()
        yield
        caches["pages"].clear()


@pytest.mark.django_db
def test_second_anonymous_visit_is_served_from_the_cache(client, blog_index, django_assert_num_queries):
    post = make_post(title="Cachat inlägg")
    first = client.get(post.url)
    assert "max-age=600" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get(post.url)
    assert second.content == first.content


@pytest.mark.django_db
def test_publishing_refreshes_the_cached_pages(client, blog_index):
    make_post(title="Första")
    assert "Andra" not in client.get("/").content.decode()
    make_post(title="Andra")
    assert "Andra" in client.get("/").content.decode()


@pytest.mark.django_db
def test_approving_a_comment_refreshes_the_post(client, editor_client, blog_index):
    post = make_post()
    comment = make_comment(post, text="Nu syns jag", status=Comment.Status.PENDING)
    assert "Nu syns jag" not in client.get(post.url).content.decode()
    actions.approve(comment, user=None)
    assert "Nu syns jag" in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_closing_comments_from_the_queue_refreshes_the_post(client, blog_index):
    post = make_post()
    assert "Stängd för fler kommentarer" not in client.get(post.url).content.decode()
    closure.close(post, user=None)
    assert "Stängd för fler kommentarer" in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_logged_in_readers_are_never_served_the_cache_and_are_not_stored(client, blog_index):
    post = make_post()
    client.get(post.url)  # an anonymous copy is now cached
    karin = make_reader(display_name="Karin")
    make_comment(post, karin, "Karins väntande", status=Comment.Status.PENDING)
    client.force_login(karin)
    response = client.get(post.url)
    assert "Karins väntande" in response.content.decode()
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    other = make_reader(display_name="Bo")
    client.force_login(other)
    assert "Karins väntande" not in client.get(post.url).content.decode()
    client.logout()
    assert "Karins väntande" not in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_pages_with_personal_data_say_no_store(client, blog_index):
    client.force_login(make_reader())
    for url in [reverse("comments:mine"), reverse("comments:my_data"), reverse("comments:delete_account")]:
        assert "no-store" in client.get(url)["Cache-Control"], url


@pytest.mark.django_db
def test_a_message_for_an_anonymous_visitor_is_never_hidden_by_the_cache(client, blog_index):
    # The cache is consulted before the message middleware runs; a visitor carrying a
    # message (a cookie) must still get a page rendered for them, with the message.
    post = make_post()
    client.get(post.url)
    assert "Age" in client.get(post.url)  # cached for anonymous visitors
    client.force_login(make_reader())
    response = client.post(reverse("account_logout"), follow=True)
    assert "Du har loggat ut" in response.content.decode()
    assert "Du har loggat ut" not in client.get("/").content.decode()  # shown once only


@pytest.mark.django_db
def test_the_cached_page_keeps_every_security_header(client, blog_index):
    post = make_post()
    first = client.get(post.url)
    second = client.get(post.url)
    assert "Age" in second
    for header in ["Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options",
                   "Referrer-Policy", "Permissions-Policy", "Cross-Origin-Resource-Policy",
                   "Cross-Origin-Opener-Policy", "Content-Language", "Vary"]:
        assert second[header] == first[header], header


@pytest.mark.django_db
def test_telling_officers_that_comments_wait_leaves_the_cached_pages(
    client, blog_index, django_capture_on_commit_callbacks
):
    officer = make_reader(email="io@example.org")
    officer.groups.add(Group.objects.get_or_create(name="Informationsansvariga")[0])
    ModerationSettings.load()  # the row exists on a running site
    post = make_post()
    client.get(post.url)
    # A pending comment changes nothing readers see; the notice's bookkeeping must not either.
    with django_capture_on_commit_callbacks(execute=True):
        submit_comment(post=post, author=make_reader(), text="En fråga om konferensen.")
    assert OfficerNotice.objects.get().last_sent_at is not None  # the officers were told
    assert "Age" in client.get(post.url)
