"""The comment feeds of a post (comments/feeds.py): RSS 2.0 and Atom of the published
comments, each linking to its anchor, the text escaped and never markup, linked from the
post's head and under its comments; not found for a post that is not public."""

import xml.etree.ElementTree as ET

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import PageViewRestriction

from comments.editing import delete_comment
from comments.models import Comment, CommentSettings
from moderation import actions
from tests.caches import FRAGMENT_CACHE
from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post
from tests.moderation.test_queue import staff
from tests.staff import give_totp, make_staff

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def post(blog_index):
    return make_post(title="Om rättigheter & skyldigheter")


def rss(client, post):
    return client.get(reverse("comments:feed_rss", args=[post.pk]))


def atom(client, post):
    return client.get(reverse("comments:feed_atom", args=[post.pk]))


def rss_items(client, post):
    response = rss(client, post)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ET.fromstring(response.content).findall("./channel/item")


@pytest.mark.django_db
def test_rss_lists_the_published_comments_each_linking_to_its_anchor(client, post):
    shown = make_comment(post, make_reader(display_name="Åsa Öberg"), "Publicerad åsikt")
    make_comment(post, text="Väntande", status=Comment.Status.PENDING)
    make_comment(post, text="Avvisad", status=Comment.Status.REJECTED)
    make_comment(post, text="Skräp", status=Comment.Status.SPAM)
    items = rss_items(client, post)
    assert len(items) == 1
    item = items[0]
    assert item.findtext("title") == "Kommentar från Åsa Öberg"
    assert item.findtext("description") == "Publicerad åsikt"
    assert item.findtext("link").endswith(f"{post.url}#kommentar-{shown.pk}")
    assert item.findtext("guid").endswith(f"/kommentarer/{shown.pk}/")
    channel = ET.fromstring(rss(client, post).content).find("channel")
    assert channel.findtext("title") == "Kommentarer till ”Om rättigheter & skyldigheter” – MR-bloggen"


@pytest.mark.django_db
def test_atom_has_the_same_entries(client, post):
    comment = make_comment(post, text="I Atom")
    response = atom(client, post)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}summary") for e in entries] == ["I Atom"]
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link.endswith(f"#kommentar-{comment.pk}")


@pytest.mark.django_db
def test_text_is_escaped_never_markup(client, post):
    make_comment(post, text='<script>alert("x")</script> <b>fet</b> & "citat"\nrad två')
    response = rss(client, post)
    raw = response.content.decode()
    assert "<script>" not in raw and "<b>" not in raw
    description = ET.fromstring(response.content).find("./channel/item").findtext("description")
    # What a feed reader that treats the description as HTML shows: the characters.
    assert description == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;fet&lt;/b&gt; "
        "&amp; &quot;citat&quot;<br>rad två"
    )


@pytest.mark.django_db
def test_swedish_and_non_latin_text_and_characters_xml_cannot_carry(client, post):
    make_comment(post, make_reader(display_name="Zoë Ångström"),
                 "Привет, 你好, مرحبا, שלום – åäö\x07\x0b ok")
    for response in (rss(client, post), atom(client, post)):
        assert response.status_code == 200
        text = response.content.decode("utf-8")
        assert "Привет, 你好, مرحبا, שלום – åäö ok" in text and "Zoë Ångström" in text
        ET.fromstring(response.content)  # well-formed XML


@pytest.mark.django_db
def test_replies_answers_and_pages_link_to_where_the_comment_is(client, post):
    CommentSettings.objects.update_or_create(defaults={"comments_per_page": 1, "replies_shown": 1})
    first = make_comment(post, text="Första")
    second = make_comment(post, text="Andra")
    replies = []
    for text in ["Svar ett", "Svar två"]:
        reply = make_comment(post, text=text)
        reply.parent = second
        reply.save()
        replies.append(reply)
    links = {i.findtext("description"): i.findtext("link") for i in rss_items(client, post)}
    assert links["Första"].endswith(f"#kommentar-{first.pk}")
    assert links["Andra"].endswith(f"?kommentarer=2#kommentar-{second.pk}")
    assert links["Svar ett"].endswith(f"?kommentarer=2#kommentar-{replies[0].pk}")
    assert links["Svar två"].endswith(f"?kommentarer=2&svar={second.pk}#kommentar-{replies[1].pk}")


@pytest.mark.django_db
def test_a_comment_deleted_by_its_author_is_not_in_the_feed(client, post):
    question = make_comment(post, text="Borttagen fråga")
    reply = make_comment(post, text="Svaret")
    reply.parent = question
    reply.save()
    delete_comment(comment=question, user=question.author)
    assert [i.findtext("description") for i in rss_items(client, post)] == ["Svaret"]


@pytest.mark.django_db
def test_no_feed_for_a_private_unpublished_or_forged_post(client, blog_index):
    private = make_post(title="Privat")
    make_comment(private, text="Hemligt")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    draft = make_post(title="Utkast", live=False)
    under_password = make_post(title="Under lösenord")
    PageViewRestriction.objects.create(
        page=blog_index, restriction_type=PageViewRestriction.PASSWORD, password="hemligt",
    )
    for target in (private, draft, under_password):
        for response in (rss(client, target), atom(client, target)):
            assert response.status_code == 404
            assert "Hemligt" not in response.content.decode()
    for pk in [987654, 10**30]:
        assert client.get(f"/kommentarer/inlagg/{pk}/rss/").status_code == 404
        assert client.get(f"/kommentarer/inlagg/{pk}/atom/").status_code == 404


@pytest.mark.django_db
def test_the_post_page_links_its_feeds_in_the_head_and_under_the_comments(client, post):
    html = client.get(post.url).content.decode()
    head = html.split("</head>", 1)[0]
    rss_url = reverse("comments:feed_rss", args=[post.pk])
    assert '<link rel="alternate" type="application/rss+xml" title="Kommentarer till' in head
    assert f'href="{rss_url}"' in head
    assert reverse("comments:feed_atom", args=[post.pk]) in head
    body = html.split("</head>", 1)[1]
    assert f'<a href="{rss_url}" type="application/rss+xml">Följ kommentarerna (RSS)</a>' in body


@pytest.mark.django_db
def test_a_restricted_post_page_links_no_feed(client, post):
    reader = make_reader()
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    client.force_login(reader)
    response = client.get(post.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Följ kommentarerna" not in html
    assert reverse("comments:feed_rss", args=[post.pk]) not in html


@pytest.mark.django_db
def test_everyone_may_read_a_public_feed_but_only_get_it(post):
    make_comment(post, text="Öppet")
    people = [None, make_reader(), give_totp(make_staff("Bloggare")),
              staff("officer", "view_comment", "change_comment")]
    for who in people:
        client = Client()
        if who is not None:
            client.force_login(who)
        assert rss(client, post).status_code == 200 and atom(client, post).status_code == 200
        assert client.post(reverse("comments:feed_rss", args=[post.pk])).status_code == 405


@pytest.mark.django_db
def test_the_feed_is_cached_and_renewed_when_a_comment_is_published(post, django_assert_num_queries):
    with override_settings(CACHES=FRAGMENT_CACHE):
        caches["template_fragments"].clear()
        client = Client()
        waiting = make_comment(post, text="Snart publicerad", status=Comment.Status.PENDING)
        rss(client, post)
        rss(client, post)
        with django_assert_num_queries(1):  # the post; the items come from the fragment cache
            assert rss(client, post).status_code == 200
        actions.approve(waiting, staff("officer", "view_comment", "change_comment"))
        assert "Snart publicerad" in rss(client, post).content.decode()
        caches["template_fragments"].clear()
