"""Which copy stands for a case study that exists in several languages."""

from django.conf import settings
from django.db.models import Case, OuterRef, Subquery, Value, When


def one_copy_each(pages):
    """Of these case-study pages, one per case study (translation key): its English copy when
    that is among them, else its oldest (first created) copy among them. With live pages, this
    is the case study's "source" copy: the one freshness reviews and network figures count."""
    english_first = Case(When(locale__language_code=settings.LANGUAGE_CODE, then=Value(0)), default=Value(1))
    chosen = pages.filter(translation_key=OuterRef("translation_key")).order_by(english_first, "pk").values("pk")[:1]
    return pages.filter(pk=Subquery(chosen))
