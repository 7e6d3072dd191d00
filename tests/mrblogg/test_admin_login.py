"""Wagtail's /admin/login/ (mrblogg/security.py admin_login): to allauth's login, except for a
reader who is logged in already, who is told they have no access instead of being sent
round between the two logins."""

import pytest

from tests.comments.factory import make_reader
from tests.staff import give_totp, make_staff


@pytest.mark.django_db
def test_a_logged_in_reader_opening_the_admin_is_told_in_swedish_not_sent_round(client, blog_index):
    reader = make_reader(display_name="Åsa Öberg")
    client.force_login(reader)
    response = client.get("/admin/pages/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2  # /admin/pages/ -> /admin/login/, and no further
    text = response.content.decode()
    assert "Ingen behörighet till administrationen" in text
    assert reader.email in text
    assert 'action="/konto/logout/"' in text


@pytest.mark.django_db
def test_anonymous_visitors_go_to_allauths_login_with_where_they_were_going(client, blog_index):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/pages/"


@pytest.mark.django_db
def test_staff_with_admin_access_pass_on_to_allauth_which_sends_them_on(client, blog_index):
    officer = give_totp(make_staff("Informationsansvariga"))
    client.force_login(officer)
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/konto/login/?next=/admin/pages/"
