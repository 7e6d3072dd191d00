"""Long discussions and addresses (comments/threads.py, comments/listing.py): pages of top
comments, folded replies, the reply form under a comment without JavaScript, each comment's
anchor and permalink, and the same few queries whatever the discussion holds."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.utils import timezone

from comments.models import AnswerRole, Comment, CommentSettings
from tests.caches import FRAGMENT_CACHE
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_blogger, make_post
from tests.staff import give_totp, make_staff


@pytest.fixture
def post(blog_index):
    return make_post(title="Långt samtal")


def layout(per_page=50, shown=3):
    settings = CommentSettings.load()
    settings.comments_per_page, settings.replies_shown = per_page, shown
    settings.max_comments_per_post = None
    settings.save()


def discussion(post, tops, replies_each=0, answers=False):
    """`tops` published top comments written a minute apart, each with replies; with
    `answers`, the last reply of each is the blog's answer."""
    readers = [make_reader(display_name=f"Läsare {i}") for i in range(3)]
    start = timezone.now() - datetime.timedelta(days=1)
    rows = []
    for i in range(tops):
        top = Comment(post=post, author=readers[i % 3], text=f"Fråga {i}",
                      status=Comment.Status.PUBLISHED, created_at=start)
        rows.append(top)
    Comment.objects.bulk_create(rows)
    replies = []
    for top in Comment.objects.filter(post=post, parent=None):
        for j in range(replies_each):
            role = AnswerRole.BLOGGER if answers and j == replies_each - 1 else ""
            replies.append(Comment(post=post, author=readers[j % 3], parent=top, text=f"Svar {j}",
                                   status=Comment.Status.PUBLISHED, answer_role=role))
    Comment.objects.bulk_create(replies)
    # bulk_create sends no signal: renew the post's list as a save would.
    make_comment(post, readers[0], "Den sista")
    return list(Comment.objects.filter(post=post, parent=None).order_by("created_at", "pk"))


def top_texts(html):
    return re.findall(r"<p>(Fråga \d+|Den sista)</p>", html)


@pytest.mark.django_db
def test_more_top_comments_than_a_page_are_paged_without_javascript(client, post):
    layout(per_page=2)
    discussion(post, 4)  # and "Den sista": five, three pages
    first = client.get(post.url).content.decode()
    assert top_texts(first) == ["Fråga 0", "Fråga 1"]
    assert 'aria-label="Sidor med kommentarer"' in first and "Sida 1 av 3" in first
    assert 'href="?kommentarer=2#kommentarer" rel="next">Senare kommentarer' in first
    last = client.get(post.url + "?kommentarer=3").content.decode()
    assert top_texts(last) == ["Den sista"]
    assert 'href="?kommentarer=2#kommentarer" rel="prev"' in last
    # Garbage, zero, huge and negative pages: the first or the last, never an error.
    for page, expected in [("x", "Fråga 0"), ("0", "Fråga 0"), ("-1", "Fråga 0"),
                           ("99", "Den sista"), ("9" * 40, "Fråga 0")]:
        response = client.get(post.url, {"kommentarer": page})
        assert response.status_code == 200
        assert top_texts(response.content.decode())[0] == expected
    # The heading counts every published comment, not the page's.
    assert "5 kommentarer" in first


@pytest.mark.django_db
def test_replies_beyond_the_first_few_fold_behind_a_link(client, post):
    layout(shown=3)
    top = discussion(post, 1, replies_each=5)[0]
    html = client.get(post.url).content.decode()
    assert html.count("<p>Svar ") == 3
    link = f'href="?svar={top.pk}#kommentar-{top.pk}">Visa fler svar (2 till)'
    assert link in html
    unfolded = client.get(post.url, {"svar": top.pk}).content.decode()
    assert unfolded.count("<p>Svar ") == 5 and "Visa fler svar" not in unfolded


@pytest.mark.django_db
def test_every_comment_has_an_anchor_a_link_and_a_reply_link(client, post):
    top = discussion(post, 1, replies_each=1)[0]
    reply = top.replies.get()
    html = client.get(post.url).content.decode()
    for comment in (top, reply):
        assert f'id="kommentar-{comment.pk}"' in html
        assert f'<a class="comment-link" href="#kommentar-{comment.pk}">Länk' in html
        assert f'href="?svara={comment.pk}#svara-{comment.pk}"' in html


@pytest.mark.django_db
def test_svara_puts_the_form_under_the_comment_without_javascript(client, post):
    top = discussion(post, 2)[1]
    reader = make_reader()
    client.force_login(reader)
    html = client.get(post.url, {"svara": top.pk}).content.decode()
    entry = html.split(f'id="kommentar-{top.pk}"', 1)[1]
    form_at = entry.index(f'<form id="svara-{top.pk}"')
    assert form_at < entry.index("</li>")
    assert f'<input type="hidden" name="parent" value="{top.pk}"' in entry
    assert f'action="/kommentarer/skriv/{post.pk}/?svara={top.pk}#svara-{top.pk}"' in entry
    assert "Svara Läsare" in entry and "Avbryt svaret" in entry
    assert html.count("<form id=") == 1 + html.count('<form id="search')  # one comment form
    assert "Skriv en ny kommentar i stället" in html
    # A visitor is asked to log in right there, and comes back to the same place.
    client.logout()
    html = client.get(post.url, {"svara": top.pk}).content.decode()
    assert f'id="svara-{top.pk}"' in html
    assert "next=/inlagg-" in html and f"%3Fsvara%3D{top.pk}%23svara-{top.pk}" in html


@pytest.mark.django_db
def test_a_comment_on_a_later_page_is_addressed_there(client, post):
    layout(per_page=2, shown=1)
    tops = discussion(post, 3, replies_each=2)
    third = tops[2]
    folded = list(third.replies.order_by("pk"))[1]
    response = client.get(f"/kommentarer/{third.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{post.url}?kommentarer=2#kommentar-{third.pk}"
    response = client.get(f"/kommentarer/{folded.pk}/")
    assert response["Location"] == (
        f"{post.url}?kommentarer=2&svar={third.pk}#kommentar-{folded.pk}")
    assert f'id="kommentar-{folded.pk}"' in client.get(response["Location"]).content.decode()
    first = tops[0]
    assert client.get(f"/kommentarer/{first.pk}/")["Location"] == f"{post.url}#kommentar-{first.pk}"


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.REJECTED,
                                    Comment.Status.SPAM])
def test_the_permalink_of_an_unpublished_comment_is_not_found(client, post, status):
    comment = make_comment(post, status=status)
    reply = Comment.objects.create(post=post, author=make_reader(), text="Svar", parent=comment,
                                   status=Comment.Status.PUBLISHED)
    for pk in (comment.pk, reply.pk, 99999, 2**40):
        assert client.get(f"/kommentarer/{pk}/").status_code == 404
    client.force_login(comment.author)  # its author neither: the address is public
    assert client.get(f"/kommentarer/{comment.pk}/").status_code == 404


@pytest.mark.django_db
def test_the_permalink_of_a_comment_on_an_unpublished_post_is_not_found(client, post):
    comment = make_comment(post)
    post.unpublish()
    assert client.get(f"/kommentarer/{comment.pk}/").status_code == 404
    assert client.post(f"/kommentarer/{comment.pk}/").status_code in (404, 405)


@pytest.fixture
def fragment_cache():
    with override_settings(CACHES=FRAGMENT_CACHE):
        caches["template_fragments"].clear()
        yield
        caches["template_fragments"].clear()


def warm(client, url):
    client.get(url)
    client.get(url)


# Routing (site, index, post, specific), view restrictions (two), bloggers, tags: the
# comments, every page of them, the settings and the side column come from fragments.
POST_QUERIES = 8


@pytest.mark.django_db
@pytest.mark.parametrize("tops,replies_each", [(0, 0), (1, 0), (34, 2), (334, 2)])
def test_the_same_queries_at_0_1_100_and_1000_comments_with_replies_and_answers(
    client, post, fragment_cache, django_assert_num_queries, tops, replies_each
):
    """0, 1 (+"Den sista"), about 100 and 1,000 comments, a blog answer under each top."""
    post = make_post(bloggers=[make_blogger(), make_blogger()], tags=["barn", "skola"])
    if tops:
        discussion(post, tops - 1, replies_each=replies_each, answers=True)
    assert Comment.objects.filter(post=post).count() == {0: 0, 1: 1, 34: 100, 334: 1000}[tops]
    for query in ("", "?kommentarer=2", "?kommentarer=5"):
        warm(client, post.url + query)
        with django_assert_num_queries(POST_QUERIES):
            response = client.get(post.url + query)
        assert response.status_code == 200


@pytest.mark.django_db
def test_a_new_reply_renews_the_page_it_is_on(client, post, fragment_cache):
    layout(per_page=2)
    tops = discussion(post, 3)
    warm(client, post.url + "?kommentarer=2")
    Comment.objects.create(post=post, author=make_reader(), text="Ett nytt svar", parent=tops[2],
                           status=Comment.Status.PUBLISHED)
    assert "Ett nytt svar" in client.get(post.url + "?kommentarer=2").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "reader", "Bloggare", "Informationsansvariga"])
def test_the_permalink_is_public_for_published_comments_only(client, post, who):
    if who == "reader":
        client.force_login(make_reader())
    elif who != "anonymous":
        client.force_login(give_totp(make_staff(who)))
    published = make_comment(post)
    pending = make_comment(post, status=Comment.Status.PENDING)
    assert client.get(f"/kommentarer/{published.pk}/").status_code == 302
    assert client.get(f"/kommentarer/{pending.pk}/").status_code == 404
