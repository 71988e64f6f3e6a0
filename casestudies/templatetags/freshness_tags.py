from django import template

from casestudies import freshness

register = template.Library()


@register.simple_tag
def last_reviewed_of(page):
    """`{% last_reviewed_of page as reviewed %}`: when the case study was last confirmed current
    (its review, shared by every language, else its last publish). One query."""
    return freshness.last_reviewed(page)
