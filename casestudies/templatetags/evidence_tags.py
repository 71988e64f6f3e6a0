"""Template tags of a case study's evidence: its result indicators, replication links and
"Reviewed practice" label (casestudies/evidence.py), for the slots of the case-study page."""

from decimal import Decimal

from django import template
from django.utils import formats, timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html

from casestudies import evidence

register = template.Library()


@register.simple_tag
def result_indicators_of(page):
    """`{% result_indicators_of page as indicators %}`: the page's own rows, in its language
    (translated with it); read from memory in a preview. One query."""
    return list(page.result_indicators.all())


@register.simple_tag
def replications_of(page):
    """`{% replications_of page as replications %}`: `inspired_by` and `inspired`, lists of
    (relation, page) in the page's language. One query, two when there is a link."""
    return evidence.replications_of(page)


@register.simple_tag
def practice_review_of(page):
    """`{% practice_review_of page as review %}`: the "Reviewed practice" label or None. One query."""
    return evidence.review_of(page)


@register.filter
def figure(value):
    """A stored figure (four decimal places) as written in the active language: 588842.0000 →
    “588,842”, 2.5000 → “2.5” (“2,5” where the comma is the decimal sign)."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    exponent = value.normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def plain_figure(value):
    """The figure for machines (a <data> element's value): 588842.0000 → “588842”."""
    return "" if value is None else format(Decimal(value).normalize(), "f")


@register.simple_tag
def review_date(review):
    """`{% review_date review as date %}`: the label's date as a <time> element, written in the
    active language (“26 November 2025”), for a sentence of the translation catalogue."""
    moment = timezone.localtime(review.reviewed_at)
    return format_html('<time datetime="{}">{}</time>', moment.date().isoformat(), date_format(moment, "j F Y"))
