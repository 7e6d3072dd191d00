"""The admin listing and exports of a form page's submissions (contact messages, registrations)."""

from wagtail.contrib.forms.views import SubmissionsListView

from mrblogg.spreadsheets import SafeCSVExportMixin

from .submissions import PersonalDataOnly


class PersonalDataSubmissionsListView(PersonalDataOnly, SafeCSVExportMixin, SubmissionsListView):
    """Wagtail's listing and exports of a form page's submissions; in the CSV no cell is a
    formula (what visitors type goes into it)."""
