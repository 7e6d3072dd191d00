"""The contact form (blog/contact/): human check, rate limit, e-mails, retention."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from blog.contact.models import ContactSubmission
from blog.contact.tasks import send_contact_message
from blog.models import BlogSettings
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
        response = client.post(contact.url, contact_data(), follow=True)
    assert response.redirect_chain[0][1] == 302
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
    assert "Vi har tagit emot ditt meddelande" in receipt.body
    assert "Hur anmäler jag mig?" not in receipt.body
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
@pytest.mark.parametrize("hostile", [
    "Ditt konto är spärrat. Logga in på https://mr-bloggen.example.net/verifiera och bekräfta.",
    "Ваш аккаунт заблокирован: http://пример.рф/вход",
    "حسابك معلق https://xn--mgbh0fb.example/login " * 50,
])
def test_the_receipt_says_a_message_came_in_and_not_what_it_said(
    client, contact, django_capture_on_commit_callbacks, hostile
):
    """The sender's address is anybody's: a receipt that quoted the message would let anyone
    send anyone a text of their choice from MR-bloggen (phishing through our name)."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(contact.url, contact_data(
            namn="Kundtjänst " + hostile[:60], e_post="offer@example.org",
            amne=hostile[:200], meddelande=hostile[:2000],
        ))
    receipt = next(m for m in mail.outbox if m.to == ["offer@example.org"])
    assert receipt.subject == "Vi har tagit emot ditt meddelande – MR-bloggen"
    body = receipt.body
    assert "Vi har tagit emot ditt meddelande" in body
    for part in [hostile[:30], "Kundtjänst", "http", "example.net", "пример", "حسابك"]:
        assert part not in body, part
    assert "någon annan angett din e-postadress" in body
    forwarded = next(m for m in mail.outbox if m.to == ["mr-bloggen@example.org"])
    assert hostile[:30] in forwarded.body  # the team still reads it


@pytest.mark.django_db
def test_behind_the_proxy_each_visitor_has_a_limit_of_their_own(client, contact, settings):
    """With one trusted proxy every request comes from the proxy's address: the limit counts
    the address the proxy saw, so one busy sender does not shut the form for everyone."""
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(settings.CONTACT_RATE_LIMIT):
        client.post(contact.url, contact_data(), HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    refused = client.post(contact.url, contact_data(), HTTP_X_FORWARDED_FOR="198.51.100.9", **proxy)
    assert "Du har skickat flera meddelanden på kort tid" in refused.content.decode()
    # The same sender, lying about where it comes from to the left of what the proxy wrote.
    client.post(contact.url, contact_data(), HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9", **proxy)
    assert ContactSubmission.objects.count() == settings.CONTACT_RATE_LIMIT
    accepted = client.post(contact.url, contact_data(), HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert accepted.status_code == 302  # to the thank-you page
    assert ContactSubmission.objects.count() == settings.CONTACT_RATE_LIMIT + 1


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_forwarded_for_changes_nothing(client, contact):
    for n in range(settings.CONTACT_RATE_LIMIT + 3):
        client.post(contact.url, contact_data(), HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert ContactSubmission.objects.count() == settings.CONTACT_RATE_LIMIT


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
