"""How confirmation pages and checkboxes are laid out: going back is the primary choice,
deleting is set apart and not styled as primary; a checkbox stands beside its label."""

import re

import pytest
from django.urls import reverse

from tests.comments.factory import make_comment, make_reader
from tests.factories import make_post


@pytest.mark.django_db
def test_deleting_a_comment_is_not_the_primary_button(client, blog_index):
    reader = make_reader()
    comment = make_comment(make_post(), reader, "Min kommentar om rättigheter")
    client.force_login(reader)
    html = client.get(reverse("comments:delete", args=[comment.pk])).content.decode()
    buttons = re.search(r'<div class="form-buttons">(.*?)</div>', html, re.S).group(1)
    back = re.search(r'<a class="button" href="[^"]+#kommentar-\d+">Nej, gå tillbaka</a>', buttons)
    delete = re.search(r'<button type="submit" class="danger">Ja, radera kommentaren</button>', buttons)
    assert back and delete and back.start() < delete.start()
    css = open("static/css/site.css").read()
    assert re.search(r"\.form-buttons \{[^}]*gap: 0\.75rem 1\.5rem", css)
    assert re.search(r"button\.danger \{[^}]*background: #fff", css)


@pytest.mark.django_db
def test_the_remember_me_checkbox_comes_before_its_label(client, blog_index):
    html = client.get("/konto/login/").content.decode()
    field = re.search(r'<div class="field field-checkbox">(.*?)</div>', html, re.S).group(1)
    assert field.index('type="checkbox"') < field.index("<label")
    css = open("static/css/site.css").read()
    assert re.search(r"\.field-checkbox > label \{[^}]*display: inline", css)


@pytest.mark.django_db
def test_deleting_the_account_is_not_the_primary_button_either(client, blog_index):
    client.force_login(make_reader())
    html = client.get(reverse("comments:delete_account")).content.decode()
    buttons = re.search(r'<div class="form-buttons">(.*?)</div>', html, re.S).group(1)
    back = buttons.index('<a class="button" href="/kommentarer/mina/">Nej, gå tillbaka</a>')
    delete = buttons.index('<button type="submit" class="danger">Radera mitt konto</button>')
    assert back < delete
    assert '<meta name="robots" content="noindex">' in html
