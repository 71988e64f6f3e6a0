"""Admin views: a page's translation state per language, re-running jobs, the jobs list."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST
from wagtail.admin.auth import user_passes_test
from wagtail.models import Locale, Page
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation
from wagtail_localize.views.submit_translations import SubmitPageTranslationView

from portal.languages import SOURCE_LANGUAGE
from translation import jobs
from translation.models import TranslationJob


def _source_page(page_id):
    page = get_object_or_404(Page, pk=page_id)
    source = Page.objects.filter(translation_key=page.translation_key, locale__language_code=SOURCE_LANGUAGE).first()
    if source is None:
        raise Http404("This page has no English source to translate from.")
    return source


def _can_translate(user, source, locale):
    """Whoever may edit the English page, or its translation in that language (its translators)."""
    if source.permissions_for_user(user).can_edit():
        return True
    translated = source.get_translation_or_none(locale)
    return translated is not None and translated.permissions_for_user(user).can_edit()


def page_translations(request, page_id):
    source = _source_page(page_id)
    states = jobs.translation_states(source)
    translations = {page.locale.language_code: page for page in source.get_translations().select_related("locale")}
    rows = []
    for locale in jobs.target_locales():
        code = locale.language_code
        rows.append(
            {
                "locale": locale,
                "language": jobs.LANGUAGE_NAMES.get(code, code),
                "job": states.get(code),
                "page": translations.get(code),
                "can_run": _can_translate(request.user, source, locale),
            }
        )
    if not any(row["can_run"] for row in rows):
        raise PermissionDenied
    translator = get_machine_translator()
    return TemplateResponse(
        request,
        "translation/admin/page_translations.html",
        {
            "page_title": f"Translations of “{source.title}”",
            "header_icon": "globe",
            "source": source,
            "rows": rows,
            "engine": translator.display_name if translator else "",
        },
    )


@require_POST
def run_translations(request, page_id):
    """Queue jobs for one language (`language`) or every language the user may translate into."""
    source = _source_page(page_id)
    code = request.POST.get("language", "")
    locales = jobs.target_locales()
    if code:
        locales = locales.filter(language_code=code)
        if not locales:
            raise Http404("Unknown language.")
    allowed = [locale for locale in locales if _can_translate(request.user, source, locale)]
    if not allowed:
        raise PermissionDenied
    jobs.queue_translations(source, allowed)
    names = ", ".join(jobs.LANGUAGE_NAMES.get(locale.language_code, locale.language_code) for locale in allowed)
    messages.success(request, f"Translation queued for {names}. The states below update as the worker runs.")
    return redirect("translation_page", page_id=source.pk)


@require_POST
def machine_translate(request, translation_id):
    """wagtail-localize's "Machine translate" button, through the Celery job instead of the request."""
    translation = get_object_or_404(Translation.objects.select_related("source", "target_locale"), pk=translation_id)
    instance = translation.source.get_source_instance()
    if not isinstance(instance, Page):
        raise Http404("Only pages are machine-translated by the translation jobs.")
    source = _source_page(instance.pk)
    if not _can_translate(request.user, source, translation.target_locale):
        raise PermissionDenied
    jobs.queue_translations(source, [translation.target_locale])
    messages.success(
        request,
        "Machine translation queued: the worker fills in the segments nobody has translated yet. "
        "Reload this page in a moment to see them.",
    )
    next_url = request.POST.get("next") or request.GET.get("next")
    if next_url and next_url.startswith("/") and not next_url.startswith("//"):
        return redirect(next_url)
    return redirect("translation_page", page_id=source.pk)


class SubmitPageTranslationThenQueueView(SubmitPageTranslationView):
    """wagtail-localize's "Translate this page" (one, several or all languages at once): its drafts,
    then the machine translation of each as a Celery job rather than in the request."""

    def form_valid(self, form):
        response = super().form_valid(form)
        if jobs.is_translatable_source(self.object):
            queued = jobs.queue_translations(self.object, list(form.cleaned_data["locales"]))
            messages.info(
                self.request,
                f"{len(queued)} translation jobs queued: see the page's Translations for their progress.",
            )
        return response


submit_page_translation = SubmitPageTranslationThenQueueView.as_view()


def is_secretariat(user):
    return user.is_superuser or user.groups.filter(name="Secretariat").exists()


@user_passes_test(is_secretariat)
def job_list(request):
    queryset = TranslationJob.objects.select_related("source_page", "target_locale").order_by("-queued_at")
    state = request.GET.get("state", "")
    if state in TranslationJob.State.values:
        queryset = queryset.filter(state=state)
    counts = {value: 0 for value in TranslationJob.State.values}
    for value in TranslationJob.objects.values_list("state", flat=True):
        counts[value] += 1
    return TemplateResponse(
        request,
        "translation/admin/job_list.html",
        {
            "page_title": "Translation jobs",
            "header_icon": "globe",
            "jobs": queryset[:200],
            "state": state,
            "states": [(value, label, counts[value]) for value, label in TranslationJob.State.choices],
            "locales": Locale.objects.all(),
        },
    )
