"""Load the demo content of MR-bloggen from blog/demo/content.json.

Creates the site structure (the blog index as the root page of the default site),
the bloggers, the posts, the plain pages, the blog settings, the editor groups and
the demo users. Running it again changes nothing that is already as the file says:
everything is looked up by slug, name or e-mail address, and a page only gets a new
revision when its content differs from the file.

The demo users have made-up addresses and public passwords, so the command refuses
to run unless DEBUG is on or --force is given. Staff must use two factors
(mrblogg/security.py), so the demo's staff get an authenticator app with one public demo
secret ("demo_totp_secret"); `manage.py demo_totp <e-mail>` prints its current code.
"""

import datetime
import json
import re
from pathlib import Path

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.fields import StreamField
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from blog.contact.models import ContactField, ContactPage
from blog.events.dates import today
from blog.events.models import EventPost, RegistrationField
from blog.events.registration import registration_status
from blog.models import Blogger, BlogIndexPage, BlogPost, BlogSettings, PrivacyPage, StandardPage
from mrblogg.security import requires_mfa

CONTENT_PATH = Path(__file__).resolve().parents[2] / "demo" / "content.json"
# Not a seed transcription (so outside content.json and its drift test): the open event.
OPEN_EVENT_PATH = CONTENT_PATH.with_name("open_event.json")

PAGE_MODELS = {
    "BlogPost": BlogPost, "EventPost": EventPost, "StandardPage": StandardPage,
    "ContactPage": ContactPage, "PrivacyPage": PrivacyPage,
}

# In content.json a link to another demo page is <a linktype="page" slug="...">;
# Wagtail stores it as <a linktype="page" id="...">.
PAGE_LINK = re.compile(r'<a linktype="page" slug="([^"]+)">')

# Posts are shown as first published at this time on their date.
PUBLISHED_AT = datetime.time(9, 0)

EVENT_FIELDS = [
    "start_date", "end_date", "start_time", "end_time", "time_note", "venue_name",
    "street_address", "locality", "registration_url", "registration_deadline",
    "is_free", "cost_note",
]


def load_content(path=CONTENT_PATH):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# --- Page content ------------------------------------------------------------


def resolve_page_links(value):
    """`value` with every page link by slug turned into Wagtail's page link by id."""
    if isinstance(value, str):
        return PAGE_LINK.sub(_page_link_by_id, value)
    if isinstance(value, list):
        return [resolve_page_links(item) for item in value]
    if isinstance(value, dict):
        return {key: resolve_page_links(item) for key, item in value.items()}
    return value


def _page_link_by_id(match):
    page = Page.objects.filter(slug=match.group(1)).first()
    if page is None:
        raise CommandError(
            f"Länken pekar på sidan '{match.group(1)}', som inte finns än. "
            "Lägg sidan före inlägget som länkar till den i content.json."
        )
    return f'<a linktype="page" id="{page.pk}">'


# The editable sections of the privacy notice (its retention table comes from the registry).
PRIVACY_SECTIONS = (
    "controller", "purposes", "legal_basis", "rights", "data_protection_contact", "complaint",
)


def page_fields(entry):
    """The model field values of a post or page entry, as raw JSON values."""
    fields = {"title": entry["title"], "intro": entry["intro"]}
    for name in ("body", "date", "thank_you_text", *PRIVACY_SECTIONS):
        if name in entry:
            fields[name] = entry[name]
    event = entry.get("event")
    if event:
        fields.update({name: event[name] for name in EVENT_FIELDS})
        fields["occasions"] = [{"type": "occasion", "value": o} for o in event["occasions"]]
        fields["programme"] = [{"type": "session", "value": s} for s in event["programme"]]
        registration = event.get("registration") or {}
        fields["registration_capacity"] = registration.get("capacity")
        fields["organiser_email"] = registration.get("organiser_email", "")
        fields["registration_confirmation"] = registration.get("confirmation_text", "")
    return resolve_page_links(fields)


FORM_FIELD_KEYS = ("label", "field_type", "required", "help_text", "choices", "default_value")


def form_field_specs(entry):
    """(relation name, field model, [field spec]) of a form page entry, or None."""
    if entry["type"] == "ContactPage":
        return "form_fields", ContactField, entry.get("form_fields", [])
    if entry["type"] == "EventPost":
        registration = entry["event"].get("registration") or {}
        return "registration_fields", RegistrationField, registration.get("fields", [])
    return None


def apply_form_fields(page, entry):
    """Give a form page the fields of `entry`. Returns True when anything changed."""
    specs = form_field_specs(entry)
    if specs is None:
        return False
    relation, model, fields = specs
    wanted = [
        {"label": f["label"], "field_type": f["field_type"], "required": f.get("required", True),
         "help_text": f.get("help_text", ""), "choices": f.get("choices", ""),
         "default_value": f.get("default_value", "")}
        for f in fields
    ]
    current = [
        {key: getattr(f, key) for key in FORM_FIELD_KEYS} for f in getattr(page, relation).all()
    ]
    if page.pk is not None and current == wanted:
        return False
    setattr(page, relation, [model(sort_order=i, **spec) for i, spec in enumerate(wanted)])
    return True


def strip_block_ids(value):
    if isinstance(value, list):
        return [strip_block_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: strip_block_ids(item) for key, item in value.items() if key != "id"}
    return value


def comparable(field, value):
    """A value of `field` that compares equal whenever the content is the same."""
    if isinstance(field, StreamField):
        list(value)  # bind every block, so old and new formats serialise alike
        return json.dumps(
            strip_block_ids(field.stream_block.get_prep_value(value)), default=str, sort_keys=True
        )
    return value


def apply_fields(page, raw_fields):
    """Set `raw_fields` on `page`, validating stream fields like the editor does.

    Returns True when anything changed.
    """
    changed = False
    for name, raw in raw_fields.items():
        field = page._meta.get_field(name)
        if isinstance(field, StreamField):
            new = field.stream_block.clean(field.to_python(raw))
        else:
            new = field.to_python(raw)
            if new is None and not field.null:
                new = field.get_default()
        old = getattr(page, name)
        if page.pk is None or comparable(field, old) != comparable(field, new):
            setattr(page, name, new)
            changed = True
    return changed


def apply_relations(page, entry):
    """Set the bloggers and tags of a post. Returns True when anything changed."""
    if "bloggers" not in entry:
        return False
    bloggers = list(Blogger.objects.filter(slug__in=entry["bloggers"]))
    missing = set(entry["bloggers"]) - {b.slug for b in bloggers}
    if missing:
        raise CommandError(f"Okända bloggare i content.json: {', '.join(sorted(missing))}")
    tags = entry.get("tags", [])
    same = (
        page.pk is not None
        and {b.slug for b in page.bloggers.all()} == set(entry["bloggers"])
        and set(page.tags.names()) == set(tags)
    )
    if same:
        return False
    page.bloggers.set(bloggers)
    page.tags.set(tags)
    return True


def publish(page, first_published_at=None):
    """Save a revision of `page` and publish it, keeping the given first publication time."""
    if first_published_at is not None:
        page.first_published_at = first_published_at
    page.save_revision().publish()
    if first_published_at is not None:
        type(page).objects.filter(pk=page.pk).update(
            first_published_at=first_published_at, last_published_at=first_published_at
        )


def published_at(entry):
    if "date" not in entry:
        return None
    day = datetime.date.fromisoformat(entry["date"])
    return timezone.make_aware(datetime.datetime.combine(day, PUBLISHED_AT))


def ensure_child_page(parent, entry):
    """Create or update the page of `entry` under `parent`. Returns (page, what happened)."""
    model = PAGE_MODELS[entry["type"]]
    existing = Page.objects.child_of(parent).filter(slug=entry["slug"]).first()
    if existing is None:
        page = model(slug=entry["slug"], live=False)
        apply_fields(page, page_fields(entry))
        apply_form_fields(page, entry)
        parent.add_child(instance=page)
        apply_relations(page, entry)
        publish(page, published_at(entry))
        return page, "skapad"

    page = existing.specific
    if not isinstance(page, model):
        raise CommandError(
            f"Sidan '{entry['slug']}' finns redan men är en {type(page).__name__}, "
            f"inte en {model.__name__}."
        )
    changed = apply_fields(page, page_fields(entry))
    changed = apply_form_fields(page, entry) or changed
    changed = apply_relations(page, entry) or changed
    if changed or not page.live:
        publish(page)
        return page, "uppdaterad"
    return page, "oförändrad"


# --- Site structure ------------------------------------------------------------


def ensure_blog_index(spec):
    index = BlogIndexPage.objects.first()
    if index is None:
        index = BlogIndexPage(
            title=spec["title"], slug=spec["slug"], intro=spec["intro"], live=False
        )
        Page.get_first_root_node().add_child(instance=index)
        publish(index)
        return index
    if (index.title, index.intro) != (spec["title"], spec["intro"]) or not index.live:
        index.title, index.intro = spec["title"], spec["intro"]
        publish(index)
    return index


def ensure_default_site(spec, index):
    """Make the blog index the root of the default site and remove Wagtail's welcome page."""
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    old_root_id = site.root_page_id
    site.hostname, site.port = spec["hostname"], spec["port"]
    site.site_name = spec["site_name"]
    site.root_page = index
    site.save()
    if old_root_id and old_root_id != index.pk:
        remove_welcome_page(old_root_id)
    return site


def remove_welcome_page(page_id):
    """Delete Wagtail's default "Welcome" page if it is still the untouched placeholder."""
    page = Page.objects.filter(pk=page_id).first()
    if (
        page is not None
        and page.specific_class is Page
        and page.depth == 2
        and page.numchild == 0
        and not Site.objects.filter(root_page=page).exists()
    ):
        page.delete()


def ensure_bloggers(specs):
    for spec in specs:
        Blogger.objects.update_or_create(
            slug=spec["slug"],
            defaults={
                "name": spec["name"], "role": spec.get("role", ""), "bio": spec.get("bio", ""),
            },
        )


def ensure_settings(spec, index):
    blog_settings = BlogSettings.load()
    blog_settings.information_officer_name = spec["information_officer_name"]
    blog_settings.information_officer_title = spec["information_officer_title"]
    blog_settings.about_text = spec["about_text"]
    blog_settings.about_page = Page.objects.child_of(index).get(slug=spec["about_page"])
    blog_settings.rules_page = Page.objects.child_of(index).get(slug=spec["rules_page"])
    blog_settings.accessibility_page = Page.objects.child_of(index).get(
        slug=spec["accessibility_page"]
    )
    blog_settings.privacy_page = PrivacyPage.objects.child_of(index).filter(
        slug=spec.get("privacy_page", "")
    ).first()
    blog_settings.contact_email = spec["contact_email"]
    blog_settings.contact_retention_days = spec.get("contact_retention_days", 90)
    blog_settings.contact_page = ContactPage.objects.child_of(index).filter(
        slug=spec.get("contact_page", "")
    ).first()
    blog_settings.save()


# --- Groups and users ----------------------------------------------------------


def permission(label):
    """The permission named "app_label.codename"."""
    app_label, codename = label.split(".")
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise CommandError(f"Behörigheten {label} finns inte.") from None


def ensure_group(spec, index):
    group, _ = Group.objects.get_or_create(name=spec["name"])
    group.permissions.add(*(permission(label) for label in spec["permissions"]))
    for codename in spec["page_permissions"]:
        GroupPagePermission.objects.get_or_create(
            group=group, page=index, permission=permission(f"wagtailcore.{codename}")
        )
    root_collection = Collection.get_first_root_node()
    for label in spec["collection_permissions"]:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=root_collection, permission=permission(label)
        )
    return group


def ensure_user(spec):
    User = get_user_model()
    email = spec["email"]
    user = User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()
    if user is None:
        user = User(username=email)
    user.email = email
    user.first_name = spec.get("first_name", "")
    user.last_name = spec.get("last_name", "")
    user.is_active = True
    user.is_superuser = user.is_staff = bool(spec.get("is_superuser"))
    user.set_password(spec["password"])
    user.save()
    user.groups.set(Group.objects.filter(name__in=spec["groups"]))
    mark_email_verified(user)
    return user


def ensure_demo_totp(user, secret):
    """Give a demo member of staff an authenticator app with the public demo secret (the
    one they had is replaced, as the password is). Readers keep what they chose."""
    if not requires_mfa(user):
        return
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
    if any(decrypt(authenticator.data["secret"]) == secret for authenticator in existing):
        return
    existing.delete()
    TOTP.activate(user, secret)


def mark_email_verified(user):
    """When django-allauth is installed, let the demo users log in without a confirmation."""
    if not apps.is_installed("allauth.account"):
        return
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


# --- The command ---------------------------------------------------------------


def open_event_entry(spec, today):
    """The always-open demo event as a content entry, its dates counted from `today`."""
    start = today + datetime.timedelta(days=spec["starts_in_days"])
    deadline = start - datetime.timedelta(days=spec["registration_closes_days_before"])
    entry = {key: spec[key] for key in ("slug", "title", "intro", "bloggers", "tags", "body")}
    entry.update(type="EventPost", date=today.isoformat())
    entry["event"] = {**spec["event"], "start_date": start.isoformat(),
                      "registration_deadline": deadline.isoformat()}
    return entry


def ensure_open_event(index, spec=None):
    """One event whose registration is open, beside the seed events (all in the past).

    Left alone while it is open, so a second run changes nothing; once its deadline has
    passed, a run moves its dates forward again."""
    spec = spec or json.loads(OPEN_EVENT_PATH.read_text(encoding="utf-8"))
    existing = EventPost.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None and existing.live and registration_status(existing).is_open:
        return existing, "oförändrad"
    return ensure_child_page(index, open_event_entry(spec, today()))


def load(content):
    """Load everything in `content`. Returns (page title, what happened) for each page."""
    index = ensure_blog_index(content["blog_index"])
    ensure_default_site(content["site"], index)
    ensure_bloggers(content["bloggers"])
    outcomes = []
    for entry in content["posts"] + content["pages"]:
        page, outcome = ensure_child_page(index, entry)
        outcomes.append((page.title, outcome))
    page, outcome = ensure_open_event(index)
    outcomes.append((page.title, outcome))
    ensure_settings(content["settings"], index)
    for spec in content["groups"]:
        ensure_group(spec, index)
    for spec in content["users"]:
        ensure_demo_totp(ensure_user(spec), content["demo_totp_secret"])
    return outcomes


class Command(BaseCommand):
    help = "Läser in demoinnehållet (inlägg, sidor, bloggare, grupper och demoanvändare)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true",
            help="Kör även när DEBUG är avstängt (demoanvändarnas lösenord är offentliga).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo skapar användare med offentliga lösenord och körs bara när "
                "DEBUG är på. Ange --force om du verkligen vill."
            )
        content = load_content()
        with transaction.atomic():
            outcomes = load(content)
        for title, outcome in outcomes:
            self.stdout.write(f"  {outcome}: {title}")
        self.stdout.write(self.style.SUCCESS(
            f"Demoinnehållet är inläst: {len(content['posts'])} inlägg, "
            f"{len(content['pages'])} sidor, {len(content['bloggers'])} bloggare."
        ))
        self.print_logins(content["users"], content["demo_totp_secret"])

    def print_logins(self, users, totp_secret):
        self.stdout.write("Demoinloggningar (bara för lokal demo):")
        for spec in users:
            self.stdout.write(
                f"  Roll: {spec['role']:<26} E-post: {spec['email']:<34} "
                f"Lösenord: {spec['password']}"
            )
        # `make run` prints this: the command as it runs from the project folder (the
        # virtualenv's Python; a bare `python` may have no Django).
        self.stdout.write(
            "Personalen (administratör, bloggare, informationsansvarig) behöver en "
            "autentiseringsapp: efter lösenordet frågar webbplatsen efter en kod från appen.\n"
            f"Demopersonalen har redan appen med demonyckeln {totp_secret}. Lägg in den i en "
            "autentiseringsapp, eller skriv ut den aktuella koden:\n"
            "  .venv/bin/python manage.py demo_totp <e-post>"
            "   (t.ex. informationsansvarig@example.org)\n"
            "Ny personal som administratören lägger upp ställer in en app vid första "
            "inloggningen."
        )
