"""Event posts: a post announcing a conference, a seminar day or a network, with its
registration form (the fields here; the registrations: registrations.py)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractFormField, FormMixin
from wagtail.fields import StreamField
from wagtail.search import index

from blog.blocks import OccasionBlock, ProgrammeBlock
from blog.form_builder import RegistrationFormBuilder
from blog.form_pages import PersonalDataFormMixin
from blog.forms import EventPostForm
from blog.models import BlogPost
from blog.submissions import PersonalDataSubmissionsPanel

from .registration import register, serve_event
from .registrations import Registration

__all__ = ["EventPost", "Registration", "RegistrationField"]


class EventPost(PersonalDataFormMixin, FormMixin, BlogPost):
    """A post that announces a conference, a seminar day or a network.

    With registration fields it is also a Wagtail form page: the editor builds the
    registration form, submissions are `Registration` rows listed and exported under
    Forms in the admin, and `blog.events.registration` decides who gets a place.
    """

    start_date = models.DateField(_("first day"))
    end_date = models.DateField(
        _("last day"), null=True, blank=True,
        help_text=_("Leave empty for a one-day event."),
    )
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    time_note = models.CharField(
        _("about the time"), max_length=200, blank=True,
        help_text=_("For example: registration and coffee from 09:00."),
    )
    occasions = StreamField(
        [("occasion", OccasionBlock())], verbose_name=_("meetings"), blank=True,
        help_text=_("For an event that meets on several separate days."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    locality = models.CharField(_("town"), max_length=100, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)
    registration_deadline = models.DateField(_("last day to register"), null=True, blank=True)
    is_free = models.BooleanField(_("free of charge"), default=False)
    cost_note = models.TextField(_("about the cost"), blank=True)
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)
    registration_capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True,
        help_text=_("How many can register. Leave empty for no limit."),
    )
    organiser_email = models.EmailField(
        _("organiser's e-mail"), blank=True,
        help_text=_("Told about every registration."),
    )
    registration_confirmation = models.TextField(
        _("confirmation text"), blank=True, max_length=2000,
        help_text=_("Shown after registering and put in the confirmation e-mail."),
    )

    content_panels = BlogPost.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldPanel("time_note"),
                FieldPanel("occasions"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("street_address"), FieldPanel("locality")],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_url"),
                FieldPanel("is_free"),
                FieldPanel("cost_note"),
            ],
            heading=_("Registration and cost"),
        ),
        FieldPanel("programme"),
    ]
    registration_panels = [
        PersonalDataSubmissionsPanel(),
        MultiFieldPanel(
            [
                FieldPanel("registration_deadline"),
                FieldPanel("registration_capacity"),
                FieldPanel("organiser_email"),
                FieldPanel("registration_confirmation"),
            ],
            heading=_("Registration settings"),
        ),
        InlinePanel("registration_fields", label=_("Registration form fields")),
    ]
    edit_handler = TabbedInterface([
        ObjectList(content_panels, heading=_("Content")),
        ObjectList(registration_panels, heading=_("Registration form")),
        ObjectList(BlogPost.promote_panels, heading=_("Promote")),
        ObjectList(BlogPost.settings_panels, heading=_("Settings")),
    ])
    form_builder = RegistrationFormBuilder
    base_form_class = EventPostForm
    search_fields = BlogPost.search_fields + [
        index.SearchField("programme"),
        index.SearchField("venue_name"),
        index.SearchField("locality"),
    ]

    template = "events/event_post.html"
    landing_page_template = "events/event_post_landing.html"

    class Meta:
        db_table = "blog_eventpost"
        verbose_name = _("event post")
        verbose_name_plural = _("event posts")

    @property
    def last_day(self):
        return self.end_date or self.start_date

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("The event cannot end before it starts.")
        elif (
            self.start_time and self.end_time and self.end_time < self.start_time
            and (self.end_date is None or self.end_date == self.start_date)
        ):
            errors["end_time"] = _("The event cannot end before it starts.")
        if (
            self.registration_deadline and self.start_date
            and self.registration_deadline > self.start_date
        ):
            errors["registration_deadline"] = _(
                "The last day to register cannot be after the event has started."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def body_has_registration_heading(self):
        """The body already has a heading "Anmälan" (as posts transcribed from the old blog
        do): the registration section then adds the form under it without a second one."""
        wanted = gettext("Registration").casefold()
        return any(
            block.block_type == "heading" and block.value["text"].strip().casefold() == wanted
            for block in self.body
        )

    @property
    def address(self):
        return ", ".join(p for p in [self.venue_name, self.street_address, self.locality] if p)

    # --- Registration (a Wagtail form page; the rules live in registration.py) ---

    def get_form_fields(self):
        # serve_event fetches the fields once per request; the admin always asks afresh.
        cached = getattr(self, "_registration_fields_cache", None)
        return cached if cached is not None else self.registration_fields.all()

    def get_submission_class(self):
        return Registration

    def serve(self, request, *args, **kwargs):
        return serve_event(self, request, *args, **kwargs)

    def process_form_submission(self, form):
        return register(self, form)


class RegistrationField(AbstractFormField):
    """One field of an event's registration form, built by the editor."""

    page = ParentalKey(EventPost, on_delete=models.CASCADE, related_name="registration_fields")
    field_type = models.CharField(
        verbose_name=_("field type"), max_length=16,
        choices=list(FORM_FIELD_CHOICES) + [("phone", _("Phone number"))],
    )
    field_type.required_on_save = True

    class Meta(AbstractFormField.Meta):
        db_table = "blog_registrationfield"
        verbose_name = _("registration form field")
        verbose_name_plural = _("registration form fields")
