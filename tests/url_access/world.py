"""One of everything a URL of the site can name, for the URL-access matrix."""

import re

from captcha.models import CaptchaStore
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, Site, Task, Workflow

from blog.contact.models import ContactSubmission
from blog.models import Blogger, BlogSettings
from blog.subscriptions.models import Mailing
from moderation.models import LinkDomain, ListedPhrase, Organisation
from mrblogg.models import OutgoingEmail
from tests.blog.subscriptions.factory import make_subscriber
from tests.comments.factory import make_comment, make_reader
from tests.factories import (
    make_blog_index,
    make_contact_page,
    make_open_event,
    make_post,
    make_registration_form,
)
from tests.staff import give_totp, make_staff


class World:
    """One of everything a URL can name."""

    def __init__(self):
        self.index = make_blog_index()
        self.post = make_post(title="Ett inlägg", tags=["demokrati"])
        self.event = make_registration_form(make_open_event(title="En konferens"))
        self.contact = make_contact_page()
        self.message = ContactSubmission.objects.create(
            page=self.contact, form_data={"namn": "Åsa", "meddelande": "Ring 070-123 45 67"})
        self.blogger = Blogger.objects.first()
        self.reader = make_reader()
        self.comment = make_comment(self.post, author=self.reader)
        self.own_comment = self.comment
        self.others_comment = make_comment(self.post)  # another reader's, published
        self.subscriber = make_subscriber()
        self.mailing = Mailing.objects.get_or_create(post=self.post)[0]
        self.outgoing_email = OutgoingEmail.objects.create(
            subject="Hej", recipients="karin@example.org", message_data="")
        self.phrase = ListedPhrase.objects.create(phrase="exempelfras")
        self.organisation = Organisation.objects.create(name="Exempelorganisationen")
        self.link_domain = LinkDomain.objects.first()  # seeded by the migration
        self.image = get_image_model().objects.create(title="Bild", file=get_test_image_file())
        self.document = get_document_model().objects.create(
            title="Dokument", file=ContentFile(b"%PDF-1.4\n", name="x.pdf"))
        self.collection = Collection.get_first_root_node().add_child(name="Bilder")
        self.redirect = Redirect.objects.create(old_path="/gammal", redirect_link="/")
        self.site = Site.objects.get(is_default_site=True)
        self.workflow = Workflow.objects.first()
        self.task = Task.objects.first()
        self.captcha = CaptchaStore.objects.create(challenge="ABCD", response="abcd")
        # Staff must use two factors; these have an authenticator app.
        self.users = {
            "anonymous": None,
            "reader": self.reader,
            "blogger": give_totp(make_staff("Bloggare")),
            "officer": give_totp(make_staff("Informationsansvariga")),
            "superuser": give_totp(get_user_model().objects.create_superuser(
                "admin@example.org", "admin@example.org", "pw")),
        }
        self.group = Group.objects.get(name="Bloggare")

    def pk_for(self, route):
        """The object a <pk> names, by where it stands in the admin."""
        by_prefix = [
            (r"^(admin/snippets/(choose/)?|bulk:)blog/blogger/", self.blogger),
            (r"^(admin/snippets/(choose/)?|bulk:)comments/comment/", self.comment),
            (r"^(admin/snippets/(choose/)?|bulk:)moderation/listedphrase/", self.phrase),
            (r"^(admin/snippets/(choose/)?|bulk:)moderation/organisation/", self.organisation),
            (r"^(admin/snippets/(choose/)?|bulk:)moderation/linkdomain/", self.link_domain),
            (r"subscriptions/subscribers/", self.subscriber),
            (r"subscriptions/mailings/", self.mailing),
            (r"utgaende-epost/", self.outgoing_email),
            (r"sites/", self.site), (r"users/", self.users["blogger"]), (r"groups/", self.group),
            (r"collections/", self.collection), (r"workflows/tasks/", self.task),
            (r"workflows/", self.workflow), (r"api/main/\^pages/", self.post),
            (r"api/main/\^documents/", self.document), (r"api/main/\^images/", self.image),
            (r"documents/chooser/", self.document), (r"images/chooser/", self.image),
            (r"settings/", BlogSettings.load()), (r"pages/\^", self.post),
            (r"^kommentarer/<int:pk>/anmal/", self.others_comment),  # one may not report one's own
            (r"^kommentarer/", self.own_comment),
            (r"^admin/moderering/anmalda/", self.comment),
            (r"^admin/moderation/evidence/", self.comment),
        ]
        for prefix, obj in by_prefix:
            if re.search(prefix, route):
                return obj.pk
        raise LookupError(route)

    def values(self, route):
        """Sample values for the route's parameters, by name (and by place for <pk>)."""
        simple = {
            "page_id": self.event.pk if route.startswith("admin/forms/") else self.post.pk, "page_pk": self.post.pk, "page_to_move_id": self.post.pk,
            "parent_page_id": self.index.pk, "destination_id": self.index.pk,
            "post_id": self.post.pk, "event_id": self.event.pk,
            "revision_id": self.post.latest_revision_id,
            "revision_id_a": "earliest", "revision_id_b": "latest",
            "image_id": self.image.pk, "document_id": self.document.pk,
            "doc_id": self.document.pk, "collection_id": self.collection.pk,
            "redirect_id": self.redirect.pk, "task_id": self.task.pk,
            "workflow_pk": self.workflow.pk, "filter_spec": "fill-100x100",
            "action_name": "publish", "action": "delete", "key": self.captcha.hashkey,
            "token": "ogiltig-token", "version": 1, "blogger_slug": self.blogger.slug,
            "event_slug": self.event.slug, "contact_slug": self.contact.slug,
            "slug": self.event.slug,  # kalender/<uslug:slug>/, an event's calendar file
            "contact_id": self.contact.pk, "message_id": self.message.pk,
        }
        content_type = ("blog", "blogpost")
        if "settings/" in route:
            content_type = ("blog", "blogsettings")
        elif "bulk/" in route:
            content_type = ("wagtailcore", "page")
        elif "tasks/add/" in route:
            content_type = ("wagtailcore", "groupapprovaltask")
        elif "tag-autocomplete/" in route:
            content_type = ("taggit", "tag")
        for name in ("app_label", "content_type_app_name", "app_name"):
            simple[name] = content_type[0]
        for name in ("model_name", "content_type_model_name"):
            simple[name] = content_type[1]
        if "(?P<key>" in route and route.startswith("konto/"):
            simple["key"] = "ogiltig-nyckel"
            simple["uidb36"] = "1"
        return simple

    def url(self, route):
        """A concrete path for the route: each parameter replaced by its sample value."""
        values = self.values(route)
        if route.startswith("bulk:"):
            return f"/admin/bulk/{route[len('bulk:'):]}/?id={self.pk_for(route)}"
        if route.startswith(("page:", "query:")):
            return re.sub(r"<(\w+)>", lambda m: str(values[m.group(1)]), route.split(":", 1)[1])

        def fill(match):
            name = match.group("name")
            if name == "pk":
                return str(self.pk_for(route))
            if name not in values:
                raise LookupError(f"{route}: no sample for {name}")
            return str(values[name])

        path = re.sub(r"\(\?P<(?P<name>\w+)>[^)]*\)", fill, route)
        path = re.sub(r"<(?:\w+:)?(?P<name>\w+)>", fill, path)
        if route == "documents/^(\\d+)/(.*)$":
            path = f"documents/{self.document.pk}/{self.document.filename}"
        if "find/" in route:
            path += f"?id={self.post.pk if 'pages' in route else self.pk_for(route.replace('find/', '1/'))}"
        if route.startswith("admin/bulk/"):
            path += f"?id={self.post.pk}"
        if route == "admin/^.*/$":
            path = "admin/finns-inte/"
        if route == "^((?:[\\w\\-]+/)*)$":
            path = self.post.url.lstrip("/")
        path = path.replace("^", "").replace("$", "").replace("\\", "")
        return "/" + path

    def page_routes(self):
        """The blog index's own routes (RoutablePageMixin) and the pages' own URLs."""
        return [
            "page:/taggar/demokrati/", "page:/taggar/demokrati/rss/",
            "page:/taggar/demokrati/atom/", "page:/bloggare/<blogger_slug>/",
            "page:/arkiv/2024/1/", "page:/rss/", "page:/atom/", "page:/sok/?q=mr",
            "page:/<event_slug>/", "page:/<contact_slug>/",
        ]
