"""The contact form (blog/contact.py): human check, rate limit, e-mails, retention."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from blog.models import BlogSettings, ContactSubmission
from blog.tasks import send_contact_message
from tests.factories import contact_data, make_contact_page, make_post


@pytest.fixture
def contact(blog_index):
    blog_settings = BlogSettings.load()
    blog_settings.contact_email = "mr-bloggen@example.org"
    blog_settings.save()
    return make_contact_page(blog_index)


def field_errors(response, name):
    errors = BeautifulSoup(response.content, "html.parser").find(id=f"id_{name}_errors")
    return errors.get_text(" ", strip=True) if errors else ""


@pytest.mark.django_db
def test_the_page_has_labelled_fields_and_the_human_check(client, contact):
    html = client.get(contact.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    form = soup.find("form", class_="page-form")
    for element in form.find_all(["input", "textarea"]):
        if element.get("type") != "hidden":
            assert soup.find("label", attrs={"for": element["id"]}), element
    label = soup.find("label", attrs={"for": "id_captcha_1"})
    assert " ".join(label.get_text().split()) == "Verifiering * (obligatorisk)"
    assert "Vi kontrollerar att du är en människa och inte en robot." in html
    links = {a.get_text(strip=True): a["href"] for a in form.find_all("a")}
    assert links["Lyssna på tecknen (ljudfil)"].startswith("/captcha/audio/")
    assert "Visa nya tecken" in links
    assert len(soup.find_all("h1")) == 1
    assert not soup.find_all(attrs={"onclick": True})


@pytest.mark.django_db
def test_the_side_column_links_to_the_contact_page(client, contact, blog_index):
    html = client.get(make_post(blog_index).url).content.decode()
    link = BeautifulSoup(html, "html.parser").find("a", string="Skriv till oss via kontaktformuläret")
    assert link["href"] == contact.url
    assert "kommer snart" not in html


@pytest.mark.django_db
def test_a_message_is_kept_forwarded_with_reply_to_and_receipted(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(contact.url, contact_data())
    assert "Tack för ditt meddelande" in response.content.decode()
    submission = ContactSubmission.objects.get()
    assert submission.form_data == {
        "namn": "Bo Berg", "e_post": "bo@example.org", "amne": "En fråga",
        "meddelande": "Hej! Hur anmäler jag mig?",
    }
    forwarded, receipt = sorted(mail.outbox, key=lambda m: m.to != ["mr-bloggen@example.org"])
    assert forwarded.to == ["mr-bloggen@example.org"]
    assert forwarded.reply_to == ["bo@example.org"]
    assert forwarded.subject == "Kontaktformuläret: En fråga"
    assert "Hur anmäler jag mig?" in forwarded.body
    assert receipt.to == ["bo@example.org"]
    assert "Hur anmäler jag mig?" in receipt.body
    submission.refresh_from_db()
    assert submission.forwarded_at and submission.receipt_sent_at
    send_contact_message.enqueue(submission.pk)  # idempotent
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_line_break_in_the_subject_cannot_add_headers(
    client, contact, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact.url, contact_data(amne="Hej\nBcc: x@example.org"))
    forwarded = next(m for m in mail.outbox if m.to == ["mr-bloggen@example.org"])
    assert "\n" not in forwarded.subject
    assert forwarded.bcc == []


@pytest.mark.django_db
def test_a_wrong_answer_to_the_human_check_stores_nothing(client, contact):
    response = client.post(contact.url, contact_data(captcha_1="fel"))
    assert "Tecknen stämde inte" in field_errors(response, "captcha")
    assert not ContactSubmission.objects.exists()


@pytest.mark.django_db
def test_a_missing_answer_to_the_human_check_stores_nothing(client, contact):
    response = client.post(contact.url, contact_data(captcha_1=None))
    assert "Skriv tecknen" in field_errors(response, "captcha")
    assert not ContactSubmission.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("values, field, message", [
    ({"meddelande": None}, "meddelande", "Det här fältet är obligatoriskt"),
    ({"e_post": "bo@"}, "e_post", "Fyll i en giltig e-postadress."),
    ({"meddelande": "x" * 2001}, "meddelande", "som mest 2000 tecken"),
    ({"amne": "x" * 256}, "amne", "som mest 255 tecken"),
])
def test_bad_input_gets_a_swedish_message_beside_the_field(client, contact, values, field, message):
    response = client.post(contact.url, contact_data(**values))
    assert message in field_errors(response, field)
    assert not ContactSubmission.objects.exists()


@pytest.mark.django_db
def test_rate_limit_per_sender(client, contact):
    for _ in range(settings.CONTACT_RATE_LIMIT):
        client.post(contact.url, contact_data())
    response = client.post(contact.url, contact_data())
    assert "Du har skickat flera meddelanden på kort tid" in response.content.decode()
    assert ContactSubmission.objects.count() == settings.CONTACT_RATE_LIMIT
    client.post(contact.url, contact_data(), REMOTE_ADDR="192.0.2.7")  # someone else
    assert ContactSubmission.objects.count() == settings.CONTACT_RATE_LIMIT + 1


@pytest.mark.django_db
def test_old_messages_are_purged_after_the_retention_period(contact):
    blog_settings = BlogSettings.load()
    blog_settings.contact_retention_days = 30
    blog_settings.save()
    old = ContactSubmission.objects.create(page=contact, form_data={"namn": "Gammal"})
    new = ContactSubmission.objects.create(page=contact, form_data={"namn": "Ny"})
    ContactSubmission.objects.filter(pk=old.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=31)
    )
    ContactSubmission.objects.filter(pk=new.pk).update(
        submit_time=timezone.now() - datetime.timedelta(days=29)
    )
    call_command("purge_contact_messages", verbosity=0)
    assert list(ContactSubmission.objects.values_list("pk", flat=True)) == [new.pk]


def test_the_purge_runs_periodically():
    assert any(name == "purge_contact_messages" for _every, name, *_ in settings.PERIODIC_COMMANDS)


@pytest.mark.django_db
def test_the_stored_message_is_listed_in_the_admin_without_the_human_check(
    editor_client, contact
):
    editor_client.post(contact.url, contact_data())
    html = editor_client.get(f"/admin/forms/submissions/{contact.pk}/").content.decode()
    assert "Hur anmäler jag mig?" in html
    assert "captcha" not in html.lower().split("<table", 1)[1]
    csv = editor_client.get(f"/admin/forms/submissions/{contact.pk}/?export=csv")
    assert "Hur anmäler jag mig?" in b"".join(csv.streaming_content).decode()
