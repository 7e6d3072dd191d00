"""Who may read form submissions (blog/submissions.py): contact messages and registrant
lists need contact.view_personal_data, not merely the right to edit the form page."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from blog.contact.models import ContactSubmission
from blog.events.models import Registration
from tests.factories import (
    make_contact_page,
    make_event,
    make_registration_form,
    registration_data,
)
from tests.staff import give_totp, make_staff

SECRET = "19121212-1212"  # a personnummer in a message, the kind of thing people write


@pytest.fixture
def forms(blog_index):
    contact = make_contact_page()
    message = ContactSubmission.objects.create(page=contact, form_data={
        "namn": "Åsa Öberg", "e_post": "asa@example.org", "amne": "Hjälp",
        "meddelande": f"Mitt personnummer är {SECRET}, ring 070-123 45 67. Спасибо!",
    })
    event = make_registration_form(make_event(title="Konferensen om rättigheter"))
    registration = Registration.objects.create(
        page=event, email="zoltan@example.org",
        form_data=registration_data(event, **{"Namn": "Zoltán Ñúñez",
                                              "E-post": "zoltan@example.org",
                                              "Telefon": "+46 70 111 22 33"}),
    )
    return {"contact": contact, "message": message, "event": event,
            "registration": registration}


def submission_urls(forms):
    urls = []
    for page in (forms["contact"], forms["event"]):
        base = f"/admin/forms/submissions/{page.pk}/"
        urls += [base, f"{base}results/", f"{base}?export=csv", f"{base}?export=xlsx",
                 f"{base}delete/?selected-submissions={forms['message'].pk}"
                 f"&selected-submissions={forms['registration'].pk}"]
    return urls + ["/admin/anmalningar/", f"/admin/anmalningar/{forms['event'].pk}/radera/"]


def logged_in(client, user):
    give_totp(user)  # staff must use two factors
    client.force_login(user)
    return client


def refused(response):
    """403, or Wagtail's way of saying it: back to the admin's home page with a message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


@pytest.mark.django_db
def test_a_blogger_who_edits_the_form_pages_cannot_read_export_or_delete_submissions(client, forms):
    blogger = make_staff("Bloggare")
    logged_in(client, blogger)
    # They may still edit the pages themselves...
    assert client.get(f"/admin/pages/{forms['contact'].pk}/edit/").status_code == 200
    edit = client.get(f"/admin/pages/{forms['event'].pk}/edit/")
    assert edit.status_code == 200
    assert "Se alla" not in body(edit) and "/admin/forms/submissions/" not in body(edit)
    # ...but no URL shows what people sent, and none deletes it.
    for url in submission_urls(forms):
        for response in (client.get(url), client.post(url)):
            assert refused(response), url
            assert SECRET not in body(response) and "Zoltán" not in body(response), url
    assert ContactSubmission.objects.count() == 1 and Registration.objects.count() == 1
    # The listing of form pages lists none, and the menu has neither item.
    listing = body(client.get("/admin/forms/"))
    assert "Kontakta oss" not in listing and "Konferensen om rättigheter" not in listing
    home = body(client.get("/admin/"))
    assert "/admin/forms/" not in home and "/admin/anmalningar/" not in home


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "superuser"])
def test_officers_and_the_superuser_read_and_export_every_submission(client, forms, who):
    if who == "officer":
        user = make_staff("Informationsansvariga")
    else:
        user = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    logged_in(client, user)
    home = body(client.get("/admin/"))
    assert "/admin/forms/" in home and "/admin/anmalningar/" in home
    listing = body(client.get("/admin/forms/"))
    assert "Kontakta oss" in listing and "Konferensen om rättigheter" in listing
    contact = f"/admin/forms/submissions/{forms['contact'].pk}/"
    assert SECRET in body(client.get(contact))
    assert SECRET in body(client.get(contact + "?export=csv"))
    event = f"/admin/forms/submissions/{forms['event'].pk}/"
    assert "Zoltán Ñúñez" in body(client.get(event + "?export=csv"))
    assert client.get(event + "?export=xlsx").status_code == 200
    assert client.get("/admin/anmalningar/").status_code == 200
    delete = f"{contact}delete/?selected-submissions={forms['message'].pk}"
    assert client.post(delete).status_code == 302
    assert not ContactSubmission.objects.exists()


@pytest.mark.django_db
def test_the_permission_alone_opens_nothing_without_the_page(client, forms):
    """Both are needed: the permission does not reach a form page one may not edit."""
    user = get_user_model().objects.create_user("inga", "inga@example.org", "pw")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_personal_data"),
    )
    logged_in(client, user)
    assert refused(client.get(f"/admin/forms/submissions/{forms['contact'].pk}/"))


@pytest.mark.django_db
def test_the_migration_gives_the_permission_to_the_officers_group():
    migration = importlib.import_module("blog.migrations.0008_view_personal_data")
    officers = Group.objects.create(name="Informationsansvariga")
    bloggers = Group.objects.create(name="Bloggare")
    migration.give_to_officers(apps, None)
    migration.give_to_officers(apps, None)  # again: no change, no error
    assert list(officers.permissions.values_list("codename", flat=True)) == ["view_personal_data"]
    assert not bloggers.permissions.exists()
    migration.take_from_officers(apps, None)
    assert not officers.permissions.exists()
