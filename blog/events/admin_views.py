"""Admin views of the registrations: each event's count and exports; clearing a list afterwards."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.contrib.forms.utils import get_forms_for_user

from blog.submissions import PersonalDataOnly

from .models import EventPost, RegistrationField
from .registration import delete_registrations, registration_status, registrations_deletable
from .registrations import Registration


def events_with_forms(user):
    """Event posts with a registration form whose submissions `user` may see."""
    allowed = get_forms_for_user(user).values("pk")
    return (
        EventPost.objects.filter(pk__in=allowed)
        .filter(pk__in=RegistrationField.objects.values("page_id"))
        .order_by("-start_date")
    )


class RegistrationsIndexView(PersonalDataOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/registrations_index.html"
    page_title = gettext_lazy("Registrations")
    header_icon = "form"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = list(events_with_forms(self.request.user))
        counts = dict(
            Registration.objects.filter(page__in=[e.pk for e in events])
            .values_list("page").annotate(n=Count("pk"))
        )
        rows = []
        for event in events:
            submissions_url = reverse("wagtailforms:list_submissions", args=[event.pk])
            rows.append({
                "event": event,
                "count": counts.get(event.pk, 0),
                "status": registration_status(event),
                "submissions_url": submissions_url,
                "csv_url": f"{submissions_url}?export=csv",
                "xlsx_url": f"{submissions_url}?export=xlsx",
                "deletable": registrations_deletable(event) and counts.get(event.pk, 0) > 0,
                "delete_url": reverse("events_registrations:delete", args=[event.pk]),
            })
        context["rows"] = rows
        return context


class DeleteRegistrationsView(PersonalDataOnly, WagtailAdminTemplateMixin, TemplateView):
    """Delete the whole list of registrants of an event that is over, in one action."""

    template_name = "events/admin/registrations_confirm_delete.html"
    page_title = gettext_lazy("Delete the list of registrants")
    header_icon = "bin"

    def find_event(self, request, event_id):
        self.event = get_object_or_404(events_with_forms(request.user), pk=event_id)
        if not registrations_deletable(self.event):
            raise PermissionDenied

    def post(self, request, event_id):
        self.find_event(request, event_id)
        deleted = delete_registrations(self.event)
        messages.success(request, ngettext(
            "%(count)d registration for %(event)s has been deleted.",
            "%(count)d registrations for %(event)s have been deleted.",
            deleted,
        ) % {"count": deleted, "event": self.event.title})
        return redirect("events_registrations:index")

    def get(self, request, event_id):
        self.find_event(request, event_id)
        return self.render_to_response(self.get_context_data())

    def get_page_subtitle(self):
        return self.event.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["event"] = self.event
        context["count"] = Registration.objects.filter(page=self.event).count()
        context["question"] = _("Delete all registrations for this event? This cannot be undone.")
        return context
