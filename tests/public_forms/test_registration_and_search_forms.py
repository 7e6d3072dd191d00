"""Hypothesis over an event's registration form and the search (tests/public_forms/base.py)."""


from django.core import mail
from hypothesis import given, note
from hypothesis import strategies as st

from blog.events.models import Registration
from blog.form_builder import PHONE_PATTERN
from tests.factories import (
    make_blog_index,
    make_open_event,
    make_post,
    make_registration_form,
)
from tests.public_forms.base import (
    MULTI_LINE,
    SINGLE_LINE,
    PropertyTestCase,
    any_text,
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

# --- Registration for an event -------------------------------------------------------------------

EVERY_FIELD_TYPE = [
    ("Rad", "singleline", False), ("Text", "multiline", False), ("E-post", "email", False),
    ("Antal", "number", False), ("Webb", "url", False), ("Godkänner", "checkbox", False),
    ("Dagar", "checkboxes", False, "Måndag,Tisdag"), ("Mat", "dropdown", False, "Kött,Vego"),
    ("Språk", "multiselect", False, "Svenska\nEngelska"), ("Plats", "radio", False, "Ja,Nej"),
    ("Dag", "date", False), ("Tid", "datetime", False), ("Kod", "hidden", False),
    ("Telefon", "phone", False),
]
DATES = ["2024-05-01", "0001-01-01", "9999-12-31", "2024-02-30", "2024-03-31 02:30",
         "9999-12-31 23:59", "0001-01-01 00:00", "31/12/2024"]
NUMBERS = ["1", "-0", "1e999999", "NaN", "Infinity", "١٢٣", "0." + "0" * 100 + "1"]


class RegistrationFormProperties(PropertyTestCase):
    @classmethod
    def setUpTestData(cls):
        index = make_blog_index()
        cls.event = make_registration_form(make_open_event(index, title="Konferens"))
        cls.names = {f.label: f.clean_name for f in cls.event.registration_fields.all()}
        # One registration already: its address may not register again.
        Registration.objects.create(page=cls.event, email="redan@example.org", form_data={})
        cls.every = make_registration_form(
            make_open_event(index, title="Alla fält"), fields=EVERY_FIELD_TYPE, capacity=5)
        cls.every_fields = list(cls.every.registration_fields.all())

    @examples
    @given(st.data())
    def test_the_registration_form(self, data):
        n = self.names
        sent = data.draw(posted({
            n["Namn"]: SINGLE_LINE,
            n["E-post"]: st.one_of(emails(), st.just("REDAN@example.org")),
            n["Telefon"]: st.sampled_from(["070-319 79 20", "+46 70 319 79 20", "", "12"]),
            n["Organisation"]: SINGLE_LINE,
            n["Särskilda kostbehov"]: MULTI_LINE,
            "captcha_0": captcha_key(), "captcha_1": captcha_answer(),
        }))
        before = counts(Registration)
        response = self.send(self.event.url, sent)
        # Stored: a redirect to the thank-you page; refused: the form again.
        stored = counts(Registration) != before
        assert response.status_code == (302 if stored else 200), response.status_code

        valid_phone, phone = char_field(sent.last(n["Telefon"]), 30, required=False)
        if phone and not PHONE_PATTERN.search(phone):
            valid_phone = False
        cleaned = {
            n["Namn"]: char_field(sent.last(n["Namn"]), 255),
            n["E-post"]: email_field(sent.last(n["E-post"])),
            n["Telefon"]: (valid_phone, phone),
            n["Organisation"]: char_field(sent.last(n["Organisation"]), 255),
            n["Särskilda kostbehov"]: char_field(
                sent.last(n["Särskilda kostbehov"]), 2000, required=False),
        }
        email_ok, email = cleaned[n["E-post"]]
        if (captcha_passes(sent) and all(valid for valid, _ in cleaned.values())
                and email.lower() != "redan@example.org"):
            registration = Registration.objects.exclude(email="redan@example.org").get()
            assert registration.email == email.lower() and len(registration.email) <= 254
            assert registration.form_data == {name: value for name, (_, value) in cleaned.items()}
            assert not any("\x00" in s for s in strings_in(registration.form_data))
            assert sorted(tuple(m.to) for m in mail.outbox) == sorted(
                [(email.lower(),), ("arrangor@example.org",)])
        else:
            assert counts(Registration) == before
            assert not mail.outbox

    @examples
    @given(st.data())
    def test_every_field_type(self, data):
        fields = {}
        for field in self.every_fields:
            good = {
                "email": emails(), "number": st.sampled_from(NUMBERS),
                "url": st.sampled_from(["https://example.org/", "javascript:alert(1)",
                                        "http://[::1", "https://exämple.se/" + "a" * 3000]),
                "checkbox": st.sampled_from(["on", "", "false"]),
                "date": st.sampled_from(DATES), "datetime": st.sampled_from(DATES),
                "phone": st.sampled_from(["070-319 79 20", "12"]),
            }.get(field.field_type)
            if good is None and field.choices:
                good = st.sampled_from(field.choices.replace("\n", ",").split(",") + ["Annat"])
            fields[field.clean_name] = SINGLE_LINE if good is None else good
        fields.update({"captcha_0": captcha_key(), "captcha_1": captcha_answer()})
        sent = data.draw(posted(fields))
        before = counts(Registration)
        response = self.send(self.every.url, sent)
        # Stored: a redirect to the thank-you page; refused: the form again.
        stored = counts(Registration) != before
        assert response.status_code == (302 if stored else 200), response.status_code
        after = counts(Registration)
        if after == before:
            assert not mail.outbox
            return
        assert captcha_passes(sent)
        registration = Registration.objects.get(page=self.every)
        assert not any("\x00" in s for s in strings_in(registration.form_data))
        limits = {"singleline": 255, "multiline": 2000, "email": 254, "phone": 30}
        for field in self.every_fields:
            value = registration.form_data.get(field.clean_name)
            if field.field_type in limits and value:
                assert len(value) <= limits[field.field_type], field.field_type
            if field.field_type in ("dropdown", "radio") and value:
                assert value in field.choices.replace("\n", ",").split(",")
            if field.field_type in ("checkboxes", "multiselect"):
                assert set(value) <= set(field.choices.replace("\n", ",").split(","))
        assert len(registration.email) <= 254


# --- Search -----------------------------------------------------------------------------------


class SearchProperties(PropertyTestCase):
    @classmethod
    def setUpTestData(cls):
        index = make_blog_index()
        for title in ["Rättigheter i kommunen", "Barnets rättigheter", "Tillgänglighet"]:
            make_post(index, title=title, intro="Om mänskliga rättigheter.")

    @examples
    @given(params=posted({
        "q": st.one_of(st.sampled_from(["rättigheter", '"rätt', "AND OR NOT", "*", "-"]),
                       any_text),
        "page": st.one_of(st.sampled_from(["1", "2", "-1", "0", "1e9", "٢", "nan"]), any_text),
    }))
    def test_search(self, params):
        note(f"GET /sok/ {params.data!r}")
        response = self.client.get("/sok/", params.data)
        assert response.status_code == 200, response.status_code


