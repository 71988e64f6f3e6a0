"""Spreadsheet exports that stay data: a cell a city editor wrote (a title such as
"=HYPERLINK(...)") must never run as a formula when someone opens the CSV."""

from wagtail.admin.views.mixins import SpreadsheetExportMixin

# What spreadsheets read as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text):
    """A label a spreadsheet shows as text, never runs: a leading apostrophe before a formula sign."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class SafeCsvExportMixin:
    """For Wagtail report and listing views with CSV export: every text cell of the CSV goes
    through spreadsheet_safe, after Wagtail has turned the value into text (a city, a country
    and a title alike). Numbers and dates stay as they are. XLSX needs nothing: Wagtail already
    writes formula-looking cells as strings."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == SpreadsheetExportMixin.FORMAT_CSV and isinstance(value, str):
            return spreadsheet_safe(value)
        return value
