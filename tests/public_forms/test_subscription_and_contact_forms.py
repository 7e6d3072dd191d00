"""Hypothesis over the subscribe form and the contact form (tests/public_forms/base.py)."""

from urllib.parse import quote

from django.core import mail
from hypothesis import given, note
from hypothesis import strategies as st

from blog.contact.models import ContactSubmission
from blog.models import BlogSettings
from blog.subscriptions.models import Subscriber
from blog.subscriptions.tokens import confirm_token, unsubscribe_token
from tests.blog.subscriptions.factory import make_subscriber
from tests.factories import (
    make_blog_index,
    make_contact_page,
)
from tests.public_forms.base import (
    MULTI_LINE,
    SINGLE_LINE,
    PropertyTestCase,
    captcha_answer,
    captcha_key,
    captcha_passes,
    char_field,
    counts,
    email_field,
    emails,
    examples,
    posted,
    strings_in,
)

# --- Subscriptions ----------------------------------------------------------------------------


def subscriber_rows():
    return list(Subscriber.objects.order_by("pk").values_list(
        "pk", "email", "status", "requested_at", "confirmation_sent_at", "confirmed_at",
        "unsubscribed_at"))


class SubscriptionProperties(PropertyTestCase):
    @classmethod
    def setUpTestData(cls):
        make_blog_index()
        cls.confirmed = make_subscriber(email="finns@example.org")
        cls.pending = make_subscriber(email="vantar@example.org",
                                      status=Subscriber.Status.PENDING)
        cls.left = make_subscriber(email="lamnat@example.org",
                                   status=Subscriber.Status.UNSUBSCRIBED)

    @examples
    @given(posted({
        "email": st.one_of(emails(), st.sampled_from(
            ["finns@example.org", "VANTAR@example.org", "lamnat@example.org"])),
        "captcha_0": captcha_key(),
        "captcha_1": captcha_answer(),
    }))
    def test_subscribe(self, sent):
        before = subscriber_rows()
        response = self.send("/prenumeration/", sent)
        email_ok, email = email_field(sent.last("email"))
        if email_ok and captcha_passes(sent):
            assert response.status_code == 302, response.status_code
            assert response["Location"] == "/prenumeration/skickat/"
            subscriber = Subscriber.objects.get(email=email.strip().lower())
            assert len(subscriber.email) <= 254 and "\x00" not in subscriber.email
            assert subscriber.status in (Subscriber.Status.PENDING, Subscriber.Status.CONFIRMED)
            known = {row[1] for row in before}
            assert Subscriber.objects.count() == len(before) + (subscriber.email not in known)
        else:
            assert response.status_code == 400, response.status_code
            assert subscriber_rows() == before

    @examples
    @given(
        how=st.sampled_from(["valid", "longer", "shorter", "other", "arbitrary"]),
        noise=st.text(min_size=1, max_size=40),
        view=st.sampled_from(["bekrafta", "avsluta"]),
        method=st.sampled_from(["POST", "GET"]),
        sent=posted({}),
    )
    def test_confirm_and_unsubscribe_links(self, how, noise, view, method, sent):
        subscriber = self.pending if view == "bekrafta" else self.confirmed
        valid = (confirm_token if view == "bekrafta" else unsubscribe_token)(subscriber)
        other = (unsubscribe_token if view == "bekrafta" else confirm_token)(subscriber)
        token = {"valid": valid, "longer": valid + noise, "shorter": valid[:-1],
                 "other": other, "arbitrary": noise}[how]
        before = subscriber_rows()
        path = f"/prenumeration/{view}/{quote(token, safe='')}/"
        if method == "POST":
            response = self.send(path, sent)
        else:
            note(f"GET {path}")
            response = self.client.get(path, sent.data)
        assert response.status_code < 500
        status = Subscriber.objects.get(pk=subscriber.pk).status
        if how == "valid":
            assert response.status_code == 200
            if method == "POST":
                assert status == (Subscriber.Status.CONFIRMED if view == "bekrafta"
                                  else Subscriber.Status.UNSUBSCRIBED)
                return
        else:
            assert response.status_code in (400, 404), response.status_code
        assert subscriber_rows() == before


# --- The contact form -------------------------------------------------------------------------



class ContactFormProperties(PropertyTestCase):
    @classmethod
    def setUpTestData(cls):
        index = make_blog_index()
        blog_settings = BlogSettings.load()
        blog_settings.contact_email = "mr-bloggen@example.org"
        blog_settings.save()
        cls.page = make_contact_page(index)

    @examples
    @given(posted({
        "namn": SINGLE_LINE, "e_post": emails(), "amne": SINGLE_LINE, "meddelande": MULTI_LINE,
        "captcha_0": captcha_key(), "captcha_1": captcha_answer(),
    }))
    def test_the_contact_form(self, sent):
        before = counts(ContactSubmission)
        response = self.send(self.page.url, sent)
        # Stored: a redirect to the thank-you page; refused: the form again.
        stored = counts(ContactSubmission) != before
        assert response.status_code == (302 if stored else 200), response.status_code
        cleaned = {
            "namn": char_field(sent.last("namn"), 255),
            "e_post": email_field(sent.last("e_post")),
            "amne": char_field(sent.last("amne"), 255),
            "meddelande": char_field(sent.last("meddelande"), 2000),
        }
        if captcha_passes(sent) and all(valid for valid, _ in cleaned.values()):
            submission = ContactSubmission.objects.get()
            assert submission.form_data == {name: value for name, (_, value) in cleaned.items()}
            assert not any("\x00" in s for s in strings_in(submission.form_data))
            assert {tuple(m.to) for m in mail.outbox} == {
                ("mr-bloggen@example.org",), (cleaned["e_post"][1],)}
        else:
            assert counts(ContactSubmission) == before
            assert not mail.outbox


