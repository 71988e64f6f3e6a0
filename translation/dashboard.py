"""Admin dashboard panels: translation jobs for the secretariat, pages to review for translators."""

from wagtail.admin.ui.components import Component
from wagtail.models import Page

from portal.languages import LANGUAGES
from portal.roles import SECRETARIAT, translators_group_name
from translation.models import TranslationJob

TRANSLATOR_GROUPS = {translators_group_name(english): code for code, english, _ in LANGUAGES}


class TranslationJobsPanel(Component):
    """Secretariat: jobs that failed or are still waiting, with a link to the list."""

    name = "translation_jobs"
    order = 55
    template_name = "translation/admin/dashboard_jobs.html"

    def get_context_data(self, parent_context):
        counts = {state: 0 for state in TranslationJob.State.values}
        for state in TranslationJob.objects.values_list("state", flat=True):
            counts[state] += 1
        return {
            "failed": counts[TranslationJob.State.FAILED],
            "waiting": counts[TranslationJob.State.PENDING]
            + counts[TranslationJob.State.RUNNING]
            + counts[TranslationJob.State.RETRYING],
        }


class TranslationsToReviewPanel(Component):
    """A translator: machine-translated pages of their languages that nobody has reviewed yet."""

    name = "translations_to_review"
    order = 58
    template_name = "translation/admin/dashboard_review.html"

    def __init__(self, languages):
        self.languages = languages

    def get_context_data(self, parent_context):
        jobs = list(
            TranslationJob.objects.filter(machine_notice=True, target_locale__language_code__in=self.languages)
            .select_related("source_page", "target_locale")
            .order_by("finished_at")[:20]
        )
        keys = {job.source_page.translation_key for job in jobs}
        translated = {
            (page.translation_key, page.locale_id): page
            for page in Page.objects.filter(translation_key__in=keys, locale__language_code__in=self.languages)
        }
        rows = [(job, translated.get((job.source_page.translation_key, job.target_locale_id))) for job in jobs]
        return {"rows": [(job, page) for job, page in rows if page is not None]}


def panels_for(user):
    panels = []
    if user.is_superuser or user.groups.filter(name=SECRETARIAT).exists():
        panels.append(TranslationJobsPanel())
    languages = [
        TRANSLATOR_GROUPS[name] for name in user.groups.values_list("name", flat=True) if name in TRANSLATOR_GROUPS
    ]
    if languages:
        panels.append(TranslationsToReviewPanel(languages))
    return panels
