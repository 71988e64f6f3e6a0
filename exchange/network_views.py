"""The network statistics page (/network/) and its figures as CSV (/network/statistics.csv)."""

import csv

from django.conf import settings
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from exchange.charts import bar_chart, format_number
from exchange.network import network_figures
from portal.spreadsheets import spreadsheet_safe


@require_safe
def network_statistics(request):
    figures = network_figures(request)
    charts = [(group, bar_chart(f"chart-{group.section}", group.title, group.rows)) for group in figures.charts]
    totals = [(row, format_number(row.value)) for row in figures.totals.rows]
    response = TemplateResponse(
        request,
        "exchange/network.html",
        {
            "figures": figures,
            "totals": totals,
            "charts": charts,
            "cities_without_count": format_number(len(figures.cities_without)),
            "today": timezone.localdate(),
        },
    )
    # Partner answers are saved without publishing anything, so the content version (the page
    # cache's key) does not see them: kept out of the shared page cache, the page shows them at
    # once. Its figures are cached on their own, with the answers in the key (exchange/network.py).
    patch_cache_control(response, private=True, no_cache=True)
    return response


@require_safe
def network_statistics_csv(request):
    figures = network_figures(request)
    language = "" if figures.language == settings.LANGUAGE_CODE else f"-{figures.language}"
    filename = f"asean-smart-cities-network-figures{language}-{timezone.localdate():%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_cache=True)
    # A byte-order mark, so that spreadsheets open the Thai, Khmer, Lao and Burmese labels as UTF-8.
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(["section", "label", "value", "key"])
    for section, label, value, key in figures.csv_rows():
        writer.writerow([section, spreadsheet_safe(label), value, spreadsheet_safe(key)])
    return response
