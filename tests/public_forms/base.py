"""Shared by the property tests of every public form under arbitrary input (issue 8, "Faults"), with Hypothesis.

Hypothesis posts arbitrary Unicode (control characters, NUL, right-to-left marks, characters
that grow under NFC or lower-casing), values up to 5000 characters, missing fields, a key
sent several times and unknown keys, urlencoded and multipart, to each form a visitor can
reach, and checks:

* the server never answers 500 (the test client re-raises a view's exception, so a failure
  shows its traceback);
* a refusal (the form shown again with its errors, 400, 403, 404, 429) stores nothing;
* an acceptance stores what the form's own cleaning makes of the input, within its limits
  and without NUL (PostgreSQL refuses NUL in text), and its e-mail tasks do not fail.

Each example runs in a transaction of its own (hypothesis.extra.django.TestCase) that is
rolled back afterwards, so the limits counted in the database (comments, contact messages,
subscriptions) start afresh; the caches (allauth's rate limits) are cleared before each.

The profile "mrblogg" keeps no example database, so nothing is written to .hypothesis/; a
failure prints a @reproduce_failure blob. HYPOTHESIS_PROFILE=mrblogg-dev keeps one locally,
PROPERTY_EXAMPLES=500 runs more examples per form.
"""

import os
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import Client
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from hypothesis import HealthCheck, note, settings
from hypothesis import strategies as st
from hypothesis.database import DirectoryBasedExampleDatabase
from hypothesis.extra.django import TestCase

from mrblogg.validators import validate_sendable_email

settings.register_profile(
    "mrblogg",
    database=None,  # no .hypothesis/ folder in the working tree or in CI
    deadline=None,  # a request renders a whole page; its time varies with the machine
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)
settings.register_profile(
    "mrblogg-dev",
    parent=settings.get_profile("mrblogg"),
    database=DirectoryBasedExampleDatabase(".hypothesis/examples"),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "mrblogg"))

EXAMPLES = int(os.environ.get("PROPERTY_EXAMPLES", "40"))
examples = settings(max_examples=EXAMPLES)
few_examples = settings(max_examples=max(EXAMPLES // 2, 10))

User = get_user_model()
PASSWORD = "lösenord-123"
NEW_PASSWORD = "ett-långt-lösenord-9"
READER_EMAIL = "karin@example.org"

# --- Strategies ----------------------------------------------------------------------------

# Pieces that have broken forms elsewhere: control characters and NUL, bidirectional and
# zero-width marks, characters that change length under NFC (U+0958, U+FB2C) or lower-casing
# (İ), compatibility characters, emoji sequences, markup and format strings.
TRICKY = [
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\t", "\r", "\n",
    "\r\n", "\u00a0", "\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066",
    "\u2028", "\u2029", "\u3000", "\ufeff", "\ufffd", "\U0010ffff", "İ", "ß", "ﬃ", "\u0958",
    "\ufb2c", "e\u0301", "\u212b", "\u212a", "ſ", "😀", "👩\u200d👩\u200d👧", "\u0644\u0627",
    "<script>alert(1)</script>", "{{ request }}", "{% now 'Y' %}", "%s", "%(n)s", "' OR '1'='1",
    "\\", '"', "&amp;", "@", "a@b.se", " ", "PASSED", "..", "/", "%00", "-", "+46",
]

pieces = st.one_of(st.sampled_from(TRICKY), st.text(max_size=6))
mixed = st.lists(pieces, max_size=12).map("".join)


def repeated(min_length, max_length):
    """A piece repeated to a length between the two: long and near-limit values."""
    return st.builds(
        lambda piece, n: (piece * n)[:n],
        st.one_of(st.sampled_from(TRICKY), st.text(min_size=1, max_size=5)),
        st.integers(min_length, max_length),
    ).filter(bool)


def around(limit):
    """A value of `limit` characters, give or take three (before the form strips it)."""
    return repeated(max(limit - 3, 1), limit + 3)


# Anything at all, up to 5000 characters.
any_text = st.one_of(st.text(max_size=30), mixed, repeated(1, 5000))

EMAIL_DOMAINS = ["example.org", "kommun.se", "exämple.se", "xn--exmple-cua.se", "b.se"]


def emails(max_local=250):
    """Addresses that Django's EmailValidator mostly accepts, some near the 254 limit, with
    characters whose lower case is longer (İ) or different (K, the Kelvin sign)."""
    local = st.one_of(
        st.text("abcxyz019.+-_İKſ", min_size=1, max_size=20),
        st.builds(lambda piece, n: piece * n, st.sampled_from(["a", "İ", "K", "ab"]),
                  st.integers(1, max_local)),
    )
    return st.builds(lambda lo, domain, pad: f"{pad}{lo}@{domain}{pad}",
                     local, st.sampled_from(EMAIL_DOMAINS), st.sampled_from(["", " ", "\t"]))


def captcha_key():
    return st.one_of(st.just("nyckel"), st.text(max_size=50))


def captcha_answer():
    return st.one_of(st.sampled_from(["PASSED", "passed", " Passed\t", "PAſſED"]), any_text)


@dataclass
class Posted:
    data: dict
    encoding: str

    def last(self, name):
        """The value a form reads for `name` (the last, when the key was sent more than once)."""
        value = self.data.get(name)
        return value[-1] if isinstance(value, list) else value


# The multipart encoder of Django's test client writes a key into a quoted header without
# escaping it; these characters would make the client send a different key than drawn.
UNSAFE_IN_MULTIPART = set('"\\\r\n;')


@st.composite
def posted(draw, fields, extra_keys=True):
    """Form data over the form's real fields (each good, arbitrary, missing or repeated)
    plus unknown keys, sent urlencoded or multipart."""
    names = list(fields)
    faulty = set(draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True))
                 if names else [])
    data = {}
    for name, good in fields.items():
        how = draw(st.sampled_from(["any", "missing", "several"])) if name in faulty else "good"
        if how == "good":
            data[name] = draw(good)
        elif how == "any":
            data[name] = draw(any_text)
        elif how == "several":
            data[name] = draw(st.lists(st.one_of(good, any_text), min_size=2, max_size=3))
    encoding = draw(st.sampled_from(["urlencoded", "multipart"]))
    if extra_keys:
        extra = draw(st.dictionaries(
            st.text(min_size=1, max_size=15),
            st.one_of(any_text, st.lists(st.text(max_size=10), min_size=2, max_size=3)),
            max_size=3,
        ))
        for key, value in extra.items():
            if encoding == "multipart" and UNSAFE_IN_MULTIPART & set(key):
                continue
            data.setdefault(key, value)
    return Posted(data, encoding)


# --- What the forms' own cleaning makes of a value (the oracle) --------------------------------


def char_field(value, max_length=None, required=True):
    """Django's CharField (strip=True): (valid, cleaned)."""
    if value is None or value.strip() == "":
        return (not required, "")
    cleaned = value.strip()
    if "\x00" in cleaned or (max_length is not None and len(cleaned) > max_length):
        return (False, None)
    return (True, cleaned)


def email_field(value, required=True):
    """An e-mail field of the project: Django's EmailField (254), and an address Django can
    write to whose lower-case form, which is what is stored, fits 254 characters as well."""
    if value is None or value.strip() == "":
        return (not required, "")
    try:
        cleaned = forms.EmailField(max_length=254).clean(value)
        validate_sendable_email(cleaned)
    except ValidationError:
        return (False, None)
    return (True, cleaned)


def captcha_passes(sent):
    """django-simple-captcha in test mode: any key without NUL, the answer "passed"."""
    key, answer = sent.last("captcha_0"), sent.last("captcha_1")
    if not key or not answer or "\x00" in key:
        return False
    return answer.strip().lower() == "passed"


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from strings_in(k)
            yield from strings_in(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings_in(v)


# --- The test case --------------------------------------------------------------------------


class RaisingClient(Client):
    """Django's test client, saying it: an exception in a view fails the test with it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("raise_request_exception", True)
        super().__init__(**kwargs)


REFUSED = {200, 400, 403, 404, 429}


class PropertyTestCase(TestCase):
    """One transaction and empty caches per Hypothesis example."""

    client_class = RaisingClient

    def setup_example(self):
        super().setup_example()
        for cache in caches.all():
            cache.clear()

    @contextmanager
    def tasks_must_succeed(self):
        """Run the on-commit callbacks (the e-mail tasks) and fail on a failed task."""
        failed = []

        def record(sender, task_result, **kwargs):
            if task_result.status == TaskResultStatus.FAILED:
                failed.append(task_result)

        task_finished.connect(record, weak=False)
        try:
            with self.captureOnCommitCallbacks(execute=True):
                yield
        finally:
            task_finished.disconnect(record)
        assert not failed, [error.traceback for result in failed for error in result.errors]

    def send(self, path, sent, **extra):
        note(f"{sent.encoding} POST {path}: {sent.data!r}")
        with self.tasks_must_succeed():
            if sent.encoding == "urlencoded":
                response = self.client.post(
                    path, urlencode(sent.data, doseq=True),
                    content_type="application/x-www-form-urlencoded", **extra,
                )
            else:
                response = self.client.post(path, sent.data, **extra)
        assert response.status_code < 500, response.status_code
        return response


def counts(*models):
    return {model.__name__: model.objects.count() for model in models}


# Text fields of the contact and registration forms.
SINGLE_LINE = st.one_of(st.sampled_from(["Bo Berg", "En fråga"]), mixed, around(255))
MULTI_LINE = st.one_of(st.sampled_from(["Hej!\r\nHur anmäler jag mig?"]), mixed, around(2000))
