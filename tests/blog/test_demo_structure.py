"""The demo content keeps the structure of the seed documents, its users and its pages render."""


import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.models import (
    Page,
    Site,
)

from blog.events.models import EventPost
from blog.models import BlogPost, BlogSettings, StandardPage
from tests.blog.demo_texts import (
    CONTENT,
    SEED_FILES,
    normalise,
    post_entry,
    post_for,
)

# --- (c) Structure is kept -------------------------------------------------------------


@pytest.mark.django_db
def test_site_structure(demo):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == demo.pk
    assert demo.title == "MR-bloggen"
    assert not Page.objects.filter(depth=2).exclude(pk=demo.pk).exists()  # no "Welcome" page
    assert BlogPost.objects.live().child_of(demo).count() == len(SEED_FILES) + 1  # the open event
    blog_settings = BlogSettings.load()
    assert blog_settings.information_officer_name == "Cecilia Ramqvist"
    assert blog_settings.about_page.specific.slug == "om-bloggen"
    assert blog_settings.rules_page.specific.slug == "regler-for-kommentarer"
    assert StandardPage.objects.live().count() == len(
        [entry for entry in CONTENT["pages"] if entry["type"] == "StandardPage"]
    )
    assert StandardPage.objects.live().filter(slug="tillganglighetsredogorelse").exists()
    assert blog_settings.accessibility_page.specific.slug == "tillganglighetsredogorelse"
    assert blog_settings.privacy_page.live and blog_settings.privacy_page.url == "/personuppgifter/"


@pytest.mark.django_db
def test_posts_are_published_on_their_date(demo):
    for entry in CONTENT["posts"]:
        post = post_for(entry["seed"])
        assert post.live and post.live_revision_id
        assert post.date.isoformat() == entry["date"]
        assert post.first_published_at.date().isoformat() == entry["date"]
        assert {b.slug for b in post.bloggers.all()} == set(entry["bloggers"])
        assert set(post.tags.names()) == set(entry["tags"])
        if isinstance(post, EventPost):
            assert post.date <= post.start_date


@pytest.mark.django_db
def test_conference_000_has_its_programme(demo):
    event = post_for("000_03905413e04a209c.txt")
    assert isinstance(event, EventPost)
    assert (event.start_time.isoformat(), event.end_time.isoformat()) == ("10:00:00", "16:00:00")
    assert event.address == "Scandic Plaza Umeå, Storgatan 40, Umeå"
    assert event.is_free and event.registration_deadline.isoformat() == "2022-11-24"
    sessions = [block.value for block in event.programme]
    assert len(sessions) == 5
    speakers = {s["name"]: s["role"] for session in sessions for s in session["speakers"]}
    assert speakers["Johanna Romare"] == "lektor i mänskliga rättigheter Uppsala universitet"
    assert "<ul>" in sessions[4]["description"].source


@pytest.mark.django_db
def test_post_001_links_to_the_conference(demo, client):
    html = client.get(post_for("001_4deb089ae358abdd.txt").url).content.decode()
    link = BeautifulSoup(html, "html.parser").find("a", string="Konferenser: anmälan och program")
    assert link is not None
    assert link["href"] == post_for("000_03905413e04a209c.txt").url


@pytest.mark.django_db
def test_post_002_has_three_seminars_with_times_and_a_contact(demo):
    post = post_for("002_12ff07892ad67805.txt")
    (session_list,) = [b.value for b in post.body if b.block_type == "sessions"]
    sessions = session_list["sessions"]
    assert len(sessions) == 3
    assert all(s["date"] and s["start_time"] and s["end_time"] for s in sessions)
    assert [s["date"].isoformat() for s in sessions] == ["2024-11-14", "2024-11-15", "2024-11-15"]
    (contact,) = [b.value for b in post.body if b.block_type == "contact_person"]
    assert contact["name"] == "Cecilia Ramqvist"
    assert contact["email"].endswith("@example.org")


@pytest.mark.django_db
def test_post_003_has_the_indicator_table(demo):
    post = post_for("003_c6acdb6202461c52.txt")
    (table,) = [b.value for b in post.body if b.block_type == "table"]
    assert len(table["data"]) == 16
    assert table["data"][0] == ["Indikator", "2014", "2015", "2016"]
    assert table["first_row_is_table_header"] and table["table_caption"]


@pytest.mark.django_db
def test_network_004_meets_four_times(demo):
    event = post_for("004_d48c59ac8433a43c.txt")
    assert isinstance(event, EventPost)
    dates = [(o.value["date"].isoformat(), o.value["end_date"]) for o in event.occasions]
    assert [d for d, _ in dates] == ["2018-01-29", "2018-03-23", "2018-06-01", "2018-08-28"]
    assert event.start_date.isoformat() == "2018-01-29"
    assert event.end_date.isoformat() == "2018-08-28"
    assert not event.is_free and event.cost_note
    assert event.registration_deadline.isoformat() == "2017-12-15"


# --- Groups and users ------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_users_can_log_in_with_their_roles(demo):
    User = get_user_model()
    for spec in CONTENT["users"]:
        user = User.objects.get(email=spec["email"])
        assert user.check_password(spec["password"])
    blogger = User.objects.get(email="bloggare@example.org")
    officer = User.objects.get(email="informationsansvarig@example.org")
    reader = User.objects.get(email="lasare@example.org")
    admin = User.objects.get(email="admin@example.org")
    for editor in (blogger, officer):
        perms = demo.permissions_for_user(editor)
        assert perms.can_add_subpage() and perms.can_publish_subpage()
        assert editor.has_perm("wagtailadmin.access_admin")
    assert blogger.has_perm("blog.change_blogger")
    assert not blogger.has_perm("blog.change_blogsettings")
    assert officer.has_perm("blog.change_blogsettings")
    assert not reader.has_perm("wagtailadmin.access_admin")
    assert admin.is_superuser


# --- (d) The pages render ----------------------------------------------------------------


@pytest.mark.django_db
def test_every_demo_page_renders(demo, client):
    assert client.get(demo.url).status_code == 200
    for entry in CONTENT["posts"] + CONTENT["pages"]:
        page = Page.objects.get(slug=entry["slug"])
        response = client.get(page.url)
        assert response.status_code == 200, entry["slug"]
        assert entry["title"] in response.content.decode()


@pytest.mark.django_db
def test_post_003_renders_an_accessible_table(demo, client):
    html = client.get(post_for("003_c6acdb6202461c52.txt").url).content.decode()
    table = BeautifulSoup(html, "html.parser").find("table")
    assert table is not None
    (caption,) = [b.value["table_caption"] for b in post_for("003_c6acdb6202461c52.txt").body
                  if b.block_type == "table"]
    assert normalise(table.caption.get_text()) == caption
    headers = [normalise(th.get_text()) for th in table.find_all("th")]
    assert headers == ["Indikator", "2014", "2015", "2016"]
    assert len(table.find_all("tr")) == 16


@pytest.mark.django_db
def test_event_posts_render_their_programme(demo, client):
    html = client.get(post_for("000_03905413e04a209c.txt").url).content.decode()
    assert "Johanna Romare" in html
    assert "registrering och fika från kl. 09:00" in html
    html = client.get(post_for("002_12ff07892ad67805.txt").url).content.decode()
    assert html.count('class="session"') == 3


@pytest.mark.django_db
def test_loading_again_restores_an_edited_post(demo):
    post = post_for("002_12ff07892ad67805.txt")
    post.title = "Ändrad rubrik"
    post.tags.set(["annat"])
    post.save_revision().publish()
    call_command("load_demo", "--force", stdout=io.StringIO())
    post = post_for("002_12ff07892ad67805.txt")
    assert post.title == "Välkomna till Mänskliga Rättighetsdagarna 2024"
    assert set(post.tags.names()) == set(post_entry("002_12ff07892ad67805.txt")["tags"])
