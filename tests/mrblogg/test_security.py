"""Security: response headers and the two Content-Security-Policies (mrblogg/security.py),
two-factor authentication for staff, and the limits on uploaded images."""

import io
import re
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image
from wagtail.images import get_image_model
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from mrblogg.security import requires_mfa
from tests.comments.factory import make_reader
from tests.factories import make_blogger, make_event, make_post
from tests.staff import current_code, give_totp, log_in, make_person, make_staff

PUBLIC_CSP = {
    "default-src": ["'none'"], "script-src": ["'self'"], "style-src": ["'self'"],
    "img-src": ["'self'", "data:"], "font-src": ["'self'"], "connect-src": ["'self'"],
    "media-src": ["'self'"], "form-action": ["'self'"], "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"], "object-src": ["'none'"],
}
COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
    ),
}


def directives(response):
    """The Content-Security-Policy as {directive: [sources]} (django-csp does not keep the
    order of directives)."""
    policy = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        policy[name] = sources
    return policy


def assert_common_headers(response):
    for name, value in COMMON_HEADERS.items():
        assert response[name] == value, name


# --- Headers and the Content-Security-Policy ---------------------------------------------


@pytest.mark.django_db
def test_public_page_gets_the_strict_policy_and_every_header(client, blog_index):
    post = make_post()
    response = client.get(post.url)
    assert response.status_code == 200
    assert directives(response) == PUBLIC_CSP
    assert_common_headers(response)
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_pages_never_allow_inline_code_nor_carry_a_nonce(client, blog_index):
    reader = make_reader()
    event = make_event()
    pages = [blog_index.url, make_post().url, event.url, "/konto/login/", "/konto/signup/",
             "/prenumeration/", "/robots.txt", "/sok/?q=mr"]
    for url in pages:
        policy = client.get(url)["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "nonce-" not in policy, url
    client.force_login(reader)
    assert directives(client.get(event.url)) == PUBLIC_CSP


@pytest.mark.django_db
def test_public_pages_have_no_inline_scripts_styles_or_event_handlers(client, blog_index):
    """What the strict policy would block must not be in the markup at all."""
    reader = make_reader()
    client.force_login(reader)
    urls = [blog_index.url, make_post().url, make_event().url, "/kommentarer/mina/",
            "/prenumeration/", "/konto/email/"]
    for url in urls:
        html = client.get(url).content.decode()
        html = html.split("<!-- Wagtail user bar embed code -->")[0]
        scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
        assert all("application/ld+json" in attrs or "application/json" in attrs
                   for attrs in scripts), (url, scripts)
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"<style[\s>]", html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url
        assert "javascript:" not in html, url


def test_templates_for_public_pages_hold_no_inline_code():
    """Public templates only; the admin's own (moderation/, blog/admin/) run under its policy."""
    root = Path(__file__).resolve().parents[2] / "templates"
    admin_only = {"moderation", "admin"}
    public = [p for p in root.rglob("*.html") if not admin_only & set(p.relative_to(root).parts[:-1])]
    assert len(public) > 30  # the public templates were found
    for path in public:
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)", text), path
        assert not re.search(r"\sstyle=|<style[\s>]|\son[a-z]+\s*=|javascript:", text), path


@pytest.mark.django_db
@override_settings(WHITENOISE_USE_FINDERS=True)
def test_static_files_get_the_headers_too(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert_common_headers(response)


@pytest.mark.django_db
def test_admin_gets_its_own_looser_policy_without_a_nonce(editor_client):
    response = editor_client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert "'unsafe-inline'" in policy["style-src"]
    assert {"'self'", "data:", "blob:"} <= set(policy["img-src"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "nonce-" not in response["Content-Security-Policy"]
    assert_common_headers(response)


@pytest.mark.django_db
def test_preview_is_rendered_under_the_admin_policy_and_may_be_framed(editor_client, blog_index):
    anna = make_blogger(name="Anna")
    url = f"/admin/pages/add/blog/blogpost/{blog_index.pk}/preview/"
    data = nested_form_data({
        "title": "Förhandsvisat", "slug": "forhandsvisat", "date": "2024-05-01",
        "intro": "En ingress.", "tags": "",
        "body": streamfield([("paragraph", rich_text("<p>Brödtext.</p>"))]),
        "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0,
                     "MAX_NUM_FORMS": 1000},
    })
    data["bloggers"] = [str(anna.pk)]
    assert editor_client.post(url, data).json()["is_valid"] is True
    response = editor_client.get(url)
    assert "<h1>Förhandsvisat</h1>" in response.content.decode()
    policy = directives(response)
    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "nonce-" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_preview_of_a_live_page_uses_the_admin_policy_although_its_path_is_public(
    editor_client, blog_index
):
    """The dummy request for a preview has the page's public path (request.is_dummy)."""
    post = make_post(title="Levande")
    response = editor_client.get(f"/admin/pages/{post.pk}/view_draft/")
    assert response.status_code == 200
    assert directives(response)["frame-ancestors"] == ["'self'"]


# --- Two-factor authentication --------------------------------------------------------------


STAFF_ROLES = ["Informationsansvariga", "Bloggare", "superuser", "admin access only",
               "is_staff only"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_member_of_staff_must_use_two_factors(role, blog_index):
    assert requires_mfa(make_person(role))


@pytest.mark.django_db
def test_readers_and_visitors_need_no_second_factor(blog_index):
    from django.contrib.auth.models import AnonymousUser

    assert not requires_mfa(make_reader(display_name="Åsa från Överkalix"))
    assert not requires_mfa(AnonymousUser())


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Informationsansvariga", "Bloggare", "superuser"])
def test_staff_without_an_authenticator_app_are_sent_to_set_one_up(client, blog_index, role):
    person = make_person(role)
    assert log_in(client, person).status_code == 302
    for url in ["/admin/", "/admin/pages/", f"/admin/pages/{blog_index.pk}/edit/",
                "/admin/snippets/comments/comment/", "/admin/forms/", "/admin/finns-inte/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == "/konto/2fa/totp/activate/"
    # Straight to setting up the app: the password typed just now is not asked for again.
    page = client.get("/admin/", follow=True)
    assert page.redirect_chain[-1][0] == "/konto/2fa/totp/activate/"
    html = page.content.decode()
    assert "Din roll kräver tvåfaktorsautentisering" in html
    assert "Aktivera autentiseringsapp" in html  # allauth's own Swedish

    secret = client.session["mfa.totp.secret"]
    response = client.post("/konto/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_wrong_code_does_not_set_up_the_app(client, blog_index):
    blogger = make_staff("Bloggare")
    log_in(client, blogger)
    client.get("/konto/2fa/totp/activate/")
    for code in ["000000", "١٢٣٤٥٦", "=1+1", "x" * 10_000]:
        client.post("/konto/2fa/totp/activate/", {"code": code})
    assert not Authenticator.objects.filter(user=blogger).exists()
    assert client.get("/admin/")["Location"] == "/konto/2fa/totp/activate/"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Informationsansvariga", "Bloggare", "superuser"])
def test_staff_with_an_authenticator_app_use_the_admin(client, blog_index, role):
    person = give_totp(make_person(role))
    client.force_login(person)
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{blog_index.pk}/edit/").status_code == 200


@pytest.mark.django_db
def test_reader_never_reaches_the_admin(client, blog_index):
    client.force_login(make_reader())
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")  # mrblogg.security.admin_login
    assert client.get(response["Location"]).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Informationsansvariga", "Bloggare", "superuser"])
def test_staff_logging_in_with_two_factors_are_asked_for_a_code(client, blog_index, role):
    """allauth's own login stage: the password alone does not log staff in."""
    person = give_totp(make_person(role))
    response = log_in(client, person)
    assert response.status_code == 302
    assert response["Location"] == "/konto/2fa/authenticate/"
    assert client.get("/admin/").status_code == 302  # not logged in yet
    html = client.get("/konto/2fa/authenticate/").content.decode()
    assert "tvåfaktorsautentisering" in html


@pytest.mark.django_db
def test_admin_account_page_links_to_two_factor_settings(editor_client):
    html = editor_client.get("/admin/account/").content.decode()
    assert 'href="/konto/2fa/"' in html
    assert "Tvåfaktorsautentisering" in html


# --- Uploaded images -------------------------------------------------------------------------


def png_bytes(size=(10, 10)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, "PNG")
    return buffer.getvalue()


def upload(client, name, content, content_type="image/png"):
    return client.post("/admin/images/add/", {
        "title": name, "collection": "1",
        "file": SimpleUploadedFile(name, content, content_type=content_type),
    })


@pytest.mark.django_db
def test_image_of_an_allowed_type_and_size_is_stored(editor_client):
    response = upload(editor_client, "bild.png", png_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="bild.png").exists()


@pytest.mark.django_db
def test_image_of_a_wrong_type_is_refused_in_swedish(editor_client):
    response = upload(editor_client, "program.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                      "image/svg+xml")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bildformatet stöds inte" in html, re.findall(r"error-message.{0,300}", html, re.DOTALL)[:3]
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1024)
def test_too_large_image_file_is_refused_in_swedish(editor_client):
    big = png_bytes((400, 400)) + b"\0" * 2048
    response = upload(editor_client, "stor.png", big)
    assert response.status_code == 200
    assert "Filen är för stor" in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=100 * 100)
def test_image_with_too_many_pixels_is_refused_in_swedish(editor_client):
    response = upload(editor_client, "bred.png", png_bytes((200, 200)))
    assert response.status_code == 200
    assert "Filen har för hög upplösning" in response.content.decode()
    assert not get_image_model().objects.exists()
