from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from portal.demo_content import DemoLoader

# Saving hundreds of pages would queue a search- and reference-index job per save for the
# workers; the dummy backend drops them, and both indexes are rebuilt once at the end.
NO_BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


class Command(BaseCommand):
    help = "Load the demo countries, cities, case studies and events (idempotent: existing pages are kept)."

    def handle(self, *args, **options):
        # Translation jobs are not queued for the demo pages: `translate_pages` does that on demand.
        with override_settings(TASKS=NO_BACKGROUND_TASKS, TRANSLATE_ON_PUBLISH=False):
            created = DemoLoader().run()
        if not created:
            self.stdout.write("Demo content already present; nothing to add.")
            return
        summary = ", ".join(f"{count} × {what}" for what, count in created.items())
        self.stdout.write(f"Created {summary}.")
        call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content loaded and indexed."))
