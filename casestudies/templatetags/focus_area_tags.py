from django import template

from casestudies import taxonomy
from portal.locales import active_language

register = template.Library()


@register.simple_tag
def focus_areas_of(page):
    """`{% focus_areas_of page as focus_areas %}`: the page's focus areas, each with its
    `display_name` in the language being browsed (its English name until translated)."""
    return taxonomy.focus_areas_of(page, active_language())
