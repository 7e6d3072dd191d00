"""Hypothesis over the comment form and allauth's account forms (tests/public_forms/base.py)."""

import datetime
from urllib.parse import quote, urlencode

from allauth.account.models import EmailAddress
from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from comments.models import Comment, ReaderProfile
from comments.text import normalise
from tests.comments.factory import make_comment, make_reader
from tests.factories import (
    make_blog_index,
    make_post,
)
from tests.public_forms.base import (
    NEW_PASSWORD,
    PASSWORD,
    READER_EMAIL,
    REFUSED,
    PropertyTestCase,
    User,
    around,
    captcha_answer,
    captcha_key,
    captcha_passes,
    char_field,
    counts,
    email_field,
    emails,
    examples,
    few_examples,
    mixed,
    posted,
)

# --- Comments -------------------------------------------------------------------------------

COMMENT_TEXT = st.one_of(
    st.sampled_from(["En bra kommentar.", "Tack för ett\r\nbra inlägg!"]), mixed, around(900),
)


class CommentFormProperties(PropertyTestCase):
    @classmethod
    def setUpTestData(cls):
        index = make_blog_index()
        cls.post = make_post(index, date=datetime.date.today())
        cls.reader = make_reader(display_name="Karin", email=READER_EMAIL)
        cls.other = make_reader(display_name="Nils")
        cls.own_comment = make_comment(cls.post, author=cls.reader)
        cls.others_comment = make_comment(cls.post, author=cls.other)

    @examples
    @given(posted({
        "text": COMMENT_TEXT,
        "captcha_0": captcha_key(),
        "captcha_1": captcha_answer(),
        "captcha_refresh": st.sampled_from([""]),
    }))
    def test_the_comment_form(self, sent):
        self.client.force_login(self.reader)
        before = counts(Comment)
        response = self.send(f"/kommentarer/skriv/{self.post.pk}/", sent)

        text = sent.last("text")
        expected = normalise(text) if text is not None else ""
        acceptable = (
            not sent.last("captcha_refresh")
            and captcha_passes(sent)
            and text is not None
            and "\x00" not in text
            and 1 <= len(expected) <= 900
        )
        if acceptable:
            assert response.status_code == 302, response.status_code
            comment = Comment.objects.exclude(
                pk__in=[self.own_comment.pk, self.others_comment.pk]).get()
            assert comment.text == expected
            assert comment.author_id == self.reader.pk and comment.post_id == self.post.pk
            assert "\x00" not in comment.text and len(comment.text) <= 900
        else:
            assert response.status_code == 200, response.status_code
            assert counts(Comment) == before

    @examples
    @given(
        target=st.sampled_from(["own", "others", "missing"]),
        method=st.sampled_from(["POST", "GET"]),
        logged_in=st.booleans(),
        sent=posted({}),
    )
    def test_a_reader_deletes_only_their_own_comment(self, target, method, logged_in, sent):
        if logged_in:
            self.client.force_login(self.reader)
        pk = {"own": self.own_comment.pk, "others": self.others_comment.pk,
              "missing": 10**9}[target]
        path = f"/kommentarer/{pk}/radera/"
        if method == "POST":
            response = self.send(path, sent)
        else:
            response = self.client.get(path, sent.data)
        remaining = set(Comment.objects.values_list("pk", flat=True))
        if not logged_in:
            if response.status_code == 400:
                # The login redirect carries the whole path in ?next=: Django refuses a
                # redirect longer than 2048 characters (DisallowedRedirect) with a 400.
                assert method == "GET" and len(urlencode(sent.data, doseq=True)) > 2048 // 3
            else:
                assert response.status_code == 302 and "/konto/login/" in response["Location"]
        elif target == "own" and method == "POST":
            assert response.status_code == 302
            assert remaining == {self.others_comment.pk}
            return
        elif target == "own":
            assert response.status_code == 200
        else:
            assert response.status_code == 404
        assert remaining == {self.own_comment.pk, self.others_comment.pk}


# --- Accounts (allauth, under /konto/) -----------------------------------------------------------

DISPLAY_NAMES = st.one_of(
    st.sampled_from(["Nya Läsaren", "Karin i Skellefteå", "  Bo  "]), mixed, around(60),
)


def display_name_field(value):
    """ReaderSignupForm.display_name: CharField(2..60), then NFC, no "@", 2..60 after NFC."""
    valid, cleaned = char_field(value, max_length=60)
    if not valid or len(cleaned) < 2:
        return (False, None)
    name = normalise(cleaned)
    return ("@" not in name and 2 <= len(name) <= 60, name)


class AccountFormProperties(PropertyTestCase):
    @classmethod
    def setUpTestData(cls):
        make_blog_index()
        cls.reader = make_reader(display_name="Karin", email=READER_EMAIL, password=PASSWORD)

    def account_rows(self):
        return counts(User, EmailAddress, ReaderProfile)

    @examples
    @given(posted({
        "email": st.one_of(emails(), st.just(READER_EMAIL)),
        "password1": st.just(NEW_PASSWORD),
        "password2": st.just(NEW_PASSWORD),
        "display_name": DISPLAY_NAMES,
        "captcha_0": captcha_key(), "captcha_1": captcha_answer(),
    }))
    def test_sign_up(self, sent):
        before = self.account_rows()
        response = self.send("/konto/signup/", sent)
        assert response.status_code in REFUSED | {302}, response.status_code

        email_ok, email = email_field(sent.last("email"))
        name_ok, name = display_name_field(sent.last("display_name"))
        new_address = email_ok and email.lower() != READER_EMAIL
        acceptable = (email_ok and name_ok and sent.last("password1") == NEW_PASSWORD
                      and sent.last("password2") == NEW_PASSWORD and captcha_passes(sent))
        after = self.account_rows()
        if acceptable and new_address:
            assert response.status_code == 302, response.status_code
            user = User.objects.exclude(pk=self.reader.pk).get()
            assert user.email == email.lower() and len(user.email) <= 254
            assert EmailAddress.objects.get(user=user).email == user.email
            assert not EmailAddress.objects.get(user=user).verified
            profile = ReaderProfile.objects.get(user=user)
            assert profile.display_name == name
            assert "\x00" not in profile.display_name and len(profile.display_name) <= 60
        else:
            # Refused, or (an address already known) answered as if accepted: nothing stored.
            assert after == before
            if response.status_code == 302:
                assert acceptable

    @examples
    @given(posted({
        "login": st.sampled_from([READER_EMAIL, READER_EMAIL.upper(), f" {READER_EMAIL} "]),
        "password": st.sampled_from([PASSWORD, "fel"]),
        "remember": st.sampled_from(["on", ""]),
    }))
    def test_log_in(self, sent):
        before = self.account_rows()
        response = self.send("/konto/login/", sent)
        assert response.status_code in REFUSED | {302}, response.status_code
        logged_in = "_auth_user_id" in self.client.session
        login = sent.last("login")
        right = (login is not None and login.strip().lower() == READER_EMAIL
                 and sent.last("password") == PASSWORD)
        assert logged_in == right, (logged_in, right)
        if logged_in:
            assert response.status_code == 302
            assert self.client.session["_auth_user_id"] == str(self.reader.pk)
        assert self.account_rows() == before

    @examples
    @given(posted({"email": st.one_of(st.just(READER_EMAIL), emails())}))
    def test_password_reset(self, sent):
        before = self.account_rows()
        password = User.objects.get(pk=self.reader.pk).password
        response = self.send("/konto/password/reset/", sent)
        email_ok, email = email_field(sent.last("email"))
        if response.status_code == 302:
            assert email_ok
            assert len(mail.outbox) <= 1
            if email.lower() == READER_EMAIL:
                assert mail.outbox[0].to == [READER_EMAIL]
                assert "/konto/password/reset/key/" in mail.outbox[0].body
        else:
            assert response.status_code in REFUSED, response.status_code
            assert not mail.outbox
        assert self.account_rows() == before
        assert User.objects.get(pk=self.reader.pk).password == password

    @few_examples
    @given(key=st.text(min_size=1, max_size=80), sent=posted({
        "password1": st.just(NEW_PASSWORD), "password2": st.just(NEW_PASSWORD),
    }))
    def test_links_with_arbitrary_keys_change_nothing(self, key, sent):
        password = User.objects.get(pk=self.reader.pk).password
        verified = list(EmailAddress.objects.values_list("pk", "verified"))
        uidb36 = "1" if key[0].isdigit() else "zz"
        for path in (f"/konto/confirm-email/{quote(key, safe='')}/",
                     f"/konto/password/reset/key/{uidb36}-{quote(key, safe='')}/"):
            response = self.send(path, sent)
            assert response.status_code in REFUSED | {302}, response.status_code
        assert User.objects.get(pk=self.reader.pk).password == password
        assert list(EmailAddress.objects.values_list("pk", "verified")) == verified


