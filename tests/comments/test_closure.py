"""A post closes to new comments: by an editor, by age, by count — even under concurrency."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from comments.closure import Closure, close, closure_of
from comments.models import Comment, CommentSettings
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post


def comment_settings(**fields):
    settings = CommentSettings.load()
    for name, value in fields.items():
        setattr(settings, name, value)
    settings.save()
    return settings


def submit(client, post, text="Kommentar"):
    return client.post(reverse("comments:post", args=[post.pk]),
                       {"text": text, "captcha_0": "t", "captcha_1": "PASSED"})


@pytest.mark.django_db
def test_closure_reasons(blog_index):
    settings = comment_settings(close_after_days=30, max_comments_per_post=3)
    today = datetime.date(2024, 6, 1)
    post = make_post(date=datetime.date(2024, 5, 15))
    assert closure_of(post, settings, 0, today=today) is None
    assert closure_of(post, settings, 3, today=today) is Closure.FULL
    assert closure_of(post, settings, 0, today=datetime.date(2024, 7, 1)) is Closure.TOO_OLD
    close(post, None)
    assert closure_of(post, settings, 0, today=today) is Closure.BY_EDITOR


@pytest.mark.django_db
def test_closed_post_shows_the_notice_keeps_comments_and_refuses(client, blog_index):
    post = make_post()
    make_comment(post, text="Publicerad före stängning")
    reader = make_reader()
    client.force_login(reader)
    close(post, None)
    html = client.get(post.url).content.decode()
    assert "Stängd för fler kommentarer" in html
    assert "Publicerad före stängning" in html
    assert 'id="kommentera"' not in html
    # A submission that was already on its way is refused, with the form kept.
    response = submit(client, post, text="För sent")
    assert "Stängd för fler kommentarer" in response.content.decode()
    assert not Comment.objects.filter(text="För sent").exists()


@pytest.mark.django_db
def test_old_post_is_closed(client, blog_index):
    comment_settings(close_after_days=10)
    post = make_post(date=datetime.date.today() - datetime.timedelta(days=11))
    client.force_login(make_reader())
    assert "Stängd för fler kommentarer" in client.get(post.url).content.decode()
    submit(client, post)
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_full_post_is_closed_and_rejected_comments_do_not_count(client, blog_index):
    comment_settings(max_comments_per_post=2)
    post = make_post()
    make_comment(post, status=Comment.Status.REJECTED)
    make_comment(post)
    client.force_login(make_reader())
    assert submit(client, post, "Sista platsen").status_code == 302
    html = submit(client, post, "Ingen plats").content.decode()
    assert "Stängd för fler kommentarer" in html
    assert Comment.objects.counting_toward_limit().count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_limit_holds_under_concurrent_submissions(blog_index):
    """20 readers post at once at a post one below its limit: exactly one comment is stored."""
    from comments.services import CommentRefused, submit_comment

    comment_settings(max_comments_per_post=5, rate_limit_count=100)
    post = make_post()
    for _ in range(4):
        make_comment(post)
    readers = [make_reader() for _ in range(20)]
    barrier = threading.Barrier(len(readers))
    outcomes = []

    def write(reader):
        try:
            barrier.wait()
            submit_comment(post=post, author=reader, text="Samtidigt")
            outcomes.append("stored")
        except CommentRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(r,)) for r in readers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused"] * 19 + ["stored"], connection.vendor
    assert Comment.objects.filter(text="Samtidigt").count() == 1
