"""The fragment cache (mrblogg/fragments.py, comments/listing.py): a post page costs the same
few queries however many comments it has, and every change a reader could see renews the
fragments that show it."""

import datetime

import pytest
from django.core.cache import caches
from django.test import override_settings

from blog.models import BlogSettings
from comments.models import Comment
from moderation import actions
from mrblogg import fragments
from tests.caches import FRAGMENT_CACHE
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_blogger, make_post

# Routing (site, the blog index, the post and its specific row), the view restrictions of the
# post and its ancestors (two), the post's bloggers and its tags. Comments, the side column,
# the header links and the settings come from the fragment cache.
POST_QUERIES = 8


@pytest.fixture(autouse=True)
def fragment_cache():
    with override_settings(CACHES=FRAGMENT_CACHE):
        caches["template_fragments"].clear()
        yield
        caches["template_fragments"].clear()


def warm(client, url):
    # The first request creates the settings rows (a save, which renews the fragments); the
    # second builds the fragments. A running site has done both long ago.
    client.get(url)
    client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("n_comments", [0, 3, 60])
def test_an_uncached_post_page_costs_eight_queries_however_many_comments(
    client, blog_index, django_assert_num_queries, n_comments
):
    post = make_post(bloggers=[make_blogger(), make_blogger()], tags=["barn", "skola"])
    readers = [make_reader() for _ in range(3)]
    for i in range(n_comments):
        make_comment(post, readers[i % 3], f"Kommentar nummer {i}")
    warm(client, post.url)
    with django_assert_num_queries(POST_QUERIES):
        response = client.get(post.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="comment-text"') == min(n_comments, 50)  # 50 a page


@pytest.mark.django_db
@pytest.mark.parametrize("n_comments", [0, 40])
def test_a_logged_in_reader_pays_the_same_however_many_comments(
    client, blog_index, django_assert_num_queries, n_comments
):
    post = make_post()
    other = make_reader()
    for i in range(n_comments):
        make_comment(post, other, f"Kommentar {i}")
    karin = make_reader(display_name="Karin")
    make_comment(post, karin, "Karins egen", status=Comment.Status.PENDING)
    client.force_login(karin)
    warm(client, post.url)
    # + session, user, the user bar's two permission lookups, the reader's own pending
    # comments, "may comment" and the CAPTCHA's new challenge.
    with django_assert_num_queries(POST_QUERIES + 7):
        html = client.get(post.url).content.decode()
    assert "Karins egen" in html


@pytest.mark.django_db
def test_approving_a_comment_shows_it_on_the_next_render(client, blog_index):
    post = make_post()
    comment = make_comment(post, text="Snart synlig", status=Comment.Status.PENDING)
    warm(client, post.url)
    assert "Snart synlig" not in client.get(post.url).content.decode()
    actions.approve(comment, user=None)
    assert "Snart synlig" in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_rejecting_and_deleting_take_a_comment_away(client, blog_index):
    post = make_post()
    first = make_comment(post, text="Första texten")
    second = make_comment(post, text="Andra texten")
    warm(client, post.url)
    actions.reject(first, user=None, rules=["good_tone"])
    second.delete()
    html = client.get(post.url).content.decode()
    assert "Första texten" not in html and "Andra texten" not in html


@pytest.mark.django_db
def test_a_new_display_name_shows_on_old_comments(client, blog_index):
    post = make_post()
    reader = make_reader(display_name="Gammalt namn")
    make_comment(post, reader)
    warm(client, post.url)
    profile = reader.reader_profile
    profile.display_name = "Nytt namn"
    profile.save()
    html = client.get(post.url).content.decode()
    assert "Nytt namn" in html and "Gammalt namn" not in html


@pytest.mark.django_db
def test_a_reader_sees_their_own_pending_comment_and_nobody_else_does(client, blog_index):
    post = make_post()
    karin = make_reader(display_name="Karin")
    make_comment(post, karin, "Väntar på granskning här", status=Comment.Status.PENDING)
    warm(client, post.url)
    client.force_login(karin)
    assert "Väntar på granskning här" in client.get(post.url).content.decode()
    client.force_login(make_reader())
    assert "Väntar på granskning här" not in client.get(post.url).content.decode()
    client.logout()
    assert "Väntar på granskning här" not in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_a_new_post_and_a_new_blogger_reach_the_side_column(client, blog_index):
    post = make_post(date=datetime.date(2024, 5, 2))
    warm(client, post.url)
    make_post(date=datetime.date(2019, 3, 4), bloggers=[make_blogger(name="Ny Bloggare")])
    html = client.get(post.url).content.decode()
    assert "mars 2019" in html.lower()
    assert "Ny Bloggare" in html


@pytest.mark.django_db
def test_a_changed_setting_shows_at_once(client, blog_index):
    post = make_post()
    warm(client, post.url)
    blog_settings = BlogSettings.load()
    blog_settings.information_officer_name = "Ny Informationsansvarig"
    blog_settings.save()
    assert "Ny Informationsansvarig" in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_a_search_shows_its_own_query_in_the_side_column(client, blog_index):
    post = make_post()
    warm(client, post.url)
    html = client.get("/sok/", {"q": "rättigheter"}).content.decode()
    assert 'value="rättigheter"' in html
    assert 'value="rättigheter"' not in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_a_change_is_announced_again_after_the_commit(django_capture_on_commit_callbacks):
    # A reader who rendered while the change was uncommitted may have stored the old
    # fragment under the first new token; the second makes that entry unreachable.
    before = fragments.generation(fragments.SITE)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fragments.bump(fragments.SITE)
    during = fragments.generation(fragments.SITE)
    assert during != before
    assert len(callbacks) == 1
    callbacks[0]()
    assert fragments.generation(fragments.SITE) not in (before, during)


@pytest.mark.django_db
def test_an_evicted_generation_is_simply_made_again(client, blog_index):
    post = make_post()
    make_comment(post, text="Finns kvar")
    warm(client, post.url)
    caches["template_fragments"].clear()
    assert "Finns kvar" in client.get(post.url).content.decode()


@pytest.mark.django_db
def test_names_and_texts_stay_escaped_when_read_back_from_the_cache(client, blog_index):
    post = make_post()
    make_comment(post, make_reader(display_name="<b>Karin</b>"), "<script>alert(1)</script>")
    warm(client, post.url)
    html = client.get(post.url).content.decode()  # the list now comes from the cache
    assert "&lt;b&gt;Karin&lt;/b&gt;" in html and "<b>Karin</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html


@pytest.mark.django_db
def test_only_the_author_gets_a_delete_link_on_a_published_comment(client, blog_index):
    post = make_post()
    karin = make_reader(display_name="Karin")
    comment = make_comment(post, karin, "Karins publicerade")
    make_comment(post, make_reader(), "Någon annans")
    delete_url = f"/kommentarer/{comment.pk}/radera/"
    warm(client, post.url)
    assert delete_url not in client.get(post.url).content.decode()  # the shared list
    client.force_login(make_reader())
    assert delete_url not in client.get(post.url).content.decode()
    client.force_login(karin)
    html = client.get(post.url).content.decode()
    assert html.count("/radera/") == 1 and delete_url in html
    assert "Karins publicerade" in html and "Någon annans" in html
