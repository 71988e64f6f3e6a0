"""Translation jobs (one page into one language) and the glossary every engine obeys."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from portal.languages import CONTENT_LANGUAGES, SOURCE_LANGUAGE

TARGET_LANGUAGES = [(code, name) for code, name in CONTENT_LANGUAGES if code != SOURCE_LANGUAGE]


class TranslationJob(models.Model):
    """One source page into one language. Re-running reuses the row: there is one per pair."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting for a worker"
        RUNNING = "running", "Running"
        RETRYING = "retrying", "Engine error, will retry"
        DONE = "done", "Machine translated"
        PREPARED = "prepared", "Ready for human translators"
        FAILED = "failed", "Failed"

    source_page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="translation_jobs")
    target_locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING, db_index=True)
    engine = models.CharField(max_length=64, blank=True, help_text="The engine's name; empty when none is configured.")
    attempts = models.PositiveSmallIntegerField(default=0)
    queued_at = models.DateTimeField(default=timezone.now)
    # Who has the job until when: the broker (sent, not started), a worker (running) or a retry
    # (waiting). Empty or past while unfinished: nobody has it, and the sweeper sends it again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    message = models.CharField(max_length=255, blank=True, help_text="What the last run did, in one sentence.")
    # Figures of the last run.
    segments_total = models.PositiveIntegerField(default=0)
    segments_machine = models.PositiveIntegerField(default=0, help_text="Segments machine-translated by this run.")
    segments_human = models.PositiveIntegerField(default=0, help_text="Segments a person translated, kept as they are.")
    engine_requests = models.PositiveIntegerField(default=0)
    # The translated page shows a "machine translated" notice until a person publishes it.
    machine_notice = models.BooleanField(default=False)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source_page", "target_locale"], name="one_translation_job_per_language")
        ]
        ordering = ["-queued_at"]

    def __str__(self):
        return f"{self.source_page.title} → {self.target_locale.language_code}: {self.get_state_display()}"

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.PREPARED, self.State.FAILED)

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None


class GlossaryTerm(index.Indexed, ClusterableModel):
    """A name engines must get right: kept as written, or rendered as the network renders it."""

    term = models.CharField(max_length=200, unique=True, help_text="As written in English, e.g. “Smart JAMP”.")
    do_not_translate = models.BooleanField(
        default=True,
        help_text="Keep the term exactly as written in every language that has no rendering below.",
    )
    note = models.CharField(max_length=255, blank=True, help_text="For translators: what the term is.")

    panels = [FieldPanel("term"), FieldPanel("do_not_translate"), FieldPanel("note"), InlinePanel("renderings")]
    search_fields = [index.SearchField("term"), index.AutocompleteField("term")]

    class Meta:
        ordering = ["term"]

    def __str__(self):
        return self.term

    def rendering_for(self, language_code):
        """The text to put in a translation into this language, or None to let the engine translate."""
        for rendering in self.renderings.all():
            if rendering.language == language_code:
                return rendering.text
        return self.term if self.do_not_translate else None


class GlossaryRendering(Orderable):
    term = ParentalKey(GlossaryTerm, on_delete=models.CASCADE, related_name="renderings")
    language = models.CharField(max_length=8, choices=TARGET_LANGUAGES)
    text = models.CharField(max_length=200)

    panels = [FieldPanel("language"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["term", "language"], name="one_rendering_per_language")]

    def __str__(self):
        return f"{self.term}: {self.language} {self.text}"
