"""Small, explicit factories for test data: keyword defaults, nothing hidden."""

import datetime
import itertools

from wagtail.models import Page, Site

from blog.events.models import EventPost
from blog.models import Blogger, BlogIndexPage, BlogPost, StandardPage

_seq = itertools.count(1)


def make_blog_index(title="MR-bloggen"):
    """The blog index as the root page of the default site (like the real site)."""
    existing = BlogIndexPage.objects.first()
    if existing:
        return existing
    root = Page.get_first_root_node()
    index = root.add_child(instance=BlogIndexPage(title=title, slug="mr-bloggen"))
    site = Site.objects.get(is_default_site=True)
    old_root = site.root_page
    site.root_page = index
    site.save()
    if old_root.pk != index.pk and old_root.depth == 2 and not isinstance(old_root.specific, BlogIndexPage):
        old_root.delete()
    return index


def make_blogger(name=None, slug=None, role="SKR", bio=""):
    n = next(_seq)
    name = name or f"Bloggare {n}"
    return Blogger.objects.create(name=name, slug=slug or f"bloggare-{n}", role=role, bio=bio)


def _publish(index, page, bloggers, tags):
    index.add_child(instance=page)
    page.bloggers.set(bloggers)
    if tags:
        page.tags.add(*tags)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_post(index=None, title=None, bloggers=None, tags=(), date=None, intro="En ingress.",
              body=None, live=True):
    index = index or make_blog_index()
    n = next(_seq)
    post = BlogPost(
        title=title or f"Inlägg {n}", slug=f"inlagg-{n}", intro=intro,
        date=date or datetime.date(2024, 1, 1), body=body or [],
    )
    bloggers = bloggers if bloggers is not None else [make_blogger()]
    if not live:
        post.live = False
        index.add_child(instance=post)
        post.bloggers.set(bloggers)
        post.save_revision()
        return post
    return _publish(index, post, bloggers, tags)


def make_event(index=None, title=None, bloggers=None, tags=(), **fields):
    index = index or make_blog_index()
    n = next(_seq)
    defaults = dict(
        intro="Välkommen till en konferens.", date=datetime.date(2022, 10, 1),
        start_date=datetime.date(2022, 11, 30), start_time=datetime.time(10, 0),
        end_time=datetime.time(16, 0), venue_name="Scandic Plaza Umeå",
        street_address="Storgatan 40", locality="Umeå",
        registration_deadline=datetime.date(2022, 11, 24), is_free=True,
    )
    defaults.update(fields)
    event = EventPost(title=title or f"Konferens {n}", slug=f"konferens-{n}", **defaults)
    return _publish(index, event, bloggers if bloggers is not None else [make_blogger()], tags)


def make_standard_page(index=None, title="Om bloggen", slug="om-bloggen", intro=""):
    index = index or make_blog_index()
    page = StandardPage(title=title, slug=slug, intro=intro)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


# --- Forms: registration and contact ------------------------------------------------

REGISTRATION_FIELDS = [
    ("Namn", "singleline", True),
    ("E-post", "email", True),
    ("Telefon", "phone", False),
    ("Organisation", "singleline", True),
    ("Särskilda kostbehov", "multiline", False),
]


def make_open_event(index=None, days_ahead=30, **fields):
    """An event far enough ahead that its registration is open."""
    start = datetime.date.today() + datetime.timedelta(days=days_ahead)
    fields.setdefault("start_date", start)
    fields.setdefault("registration_deadline", start - datetime.timedelta(days=5))
    fields.setdefault("date", datetime.date.today())
    return make_event(index=index, **fields)


def make_registration_form(event, fields=REGISTRATION_FIELDS, capacity=None,
                           organiser_email="arrangor@example.org", confirmation="Välkommen!"):
    """Give `event` a registration form; `fields` are (label, type, required[, choices])."""
    from blog.events.models import RegistrationField

    for i, (label, field_type, required, *choices) in enumerate(fields):
        RegistrationField.objects.create(
            page=event, sort_order=i, label=label, field_type=field_type, required=required,
            choices=choices[0] if choices else "",
        )
    EventPost.objects.filter(pk=event.pk).update(
        registration_capacity=capacity, organiser_email=organiser_email,
        registration_confirmation=confirmation,
    )
    return EventPost.objects.get(pk=event.pk)


def registration_data(event, **values):
    """POST data for `event`'s form: a valid registration unless `values` say otherwise."""
    defaults = {"Namn": "Anna Andersson", "E-post": f"anna{next(_seq)}@example.org",
                "Organisation": "Umeå kommun", "Telefon": "070-319 79 20"}
    data = {}
    for field in event.registration_fields.all():
        value = values.get(field.label, defaults.get(field.label, ""))
        if value is not None:
            data[field.clean_name] = value
    # The human check every public form has (CAPTCHA_TEST_MODE accepts "PASSED").
    for name, value in (("captcha_0", "x"), ("captcha_1", "PASSED")):
        if values.get(name, value) is not None:
            data[name] = values.get(name, value)
    return data


CONTACT_FIELDS = [
    ("Namn", "singleline", True),
    ("E-post", "email", True),
    ("Ämne", "singleline", True),
    ("Meddelande", "multiline", True),
]


def make_contact_page(index=None, title="Kontakta oss", slug="kontakta-oss", fields=CONTACT_FIELDS):
    from blog.contact.models import ContactField, ContactPage

    index = index or make_blog_index()
    page = ContactPage(title=title, slug=slug, intro="Skriv till oss.", thank_you_text="Tack!")
    page.form_fields = [
        ContactField(sort_order=i, label=label, field_type=field_type, required=required)
        for i, (label, field_type, required) in enumerate(fields)
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    from blog.models import BlogSettings

    blog_settings = BlogSettings.load()
    blog_settings.contact_page = page
    blog_settings.save()
    return ContactPage.objects.get(pk=page.pk)


def contact_data(**values):
    data = {"namn": "Bo Berg", "e_post": "bo@example.org", "amne": "En fråga",
            "meddelande": "Hej! Hur anmäler jag mig?", "captcha_0": "x", "captcha_1": "PASSED"}
    data.update(values)
    return {key: value for key, value in data.items() if value is not None}


def make_privacy_page(index=None, title="Så behandlar vi dina personuppgifter",
                      slug="personuppgifter", choose=True, **sections):
    """The privacy notice, chosen in the blog settings (as the demo loader does) unless not
    `choose`."""
    from blog.models import BlogSettings, PrivacyPage

    index = index or make_blog_index()
    sections.setdefault("controller", "<p>Sveriges Kommuner och Regioner (SKR)</p>")
    page = PrivacyPage(title=title, slug=slug, **sections)
    index.add_child(instance=page)
    page.save_revision().publish()
    if choose:
        blog_settings = BlogSettings.load()
        blog_settings.privacy_page = page
        blog_settings.save()
    return PrivacyPage.objects.get(pk=page.pk)
