from django import template

from portal.languages import SOURCE_LANGUAGE
from translation.models import TranslationJob

register = template.Library()


@register.inclusion_tag("translation/machine_translation_notice.html")
def machine_translation_notice(page=None):
    """A notice on pages whose text a machine wrote and no person has reviewed yet."""
    if page is None or not getattr(page, "locale_id", None) or page.locale.language_code == SOURCE_LANGUAGE:
        return {"show": False}
    unreviewed = TranslationJob.objects.filter(
        source_page__translation_key=page.translation_key, target_locale_id=page.locale_id, machine_notice=True
    ).exists()
    if not unreviewed:
        return {"show": False}
    original = page.get_translations().live().filter(locale__language_code=SOURCE_LANGUAGE).first()
    return {"show": True, "original": original}
