from django.core.management import call_command
from django.core.management.base import BaseCommand

from portal.demo_content import DemoLoader


class Command(BaseCommand):
    help = "Load the demo countries, cities, case studies and events (idempotent: existing pages are kept)."

    def handle(self, *args, **options):
        created = DemoLoader().run()
        if not created:
            self.stdout.write("Demo content already present; nothing to add.")
            return
        summary = ", ".join(f"{count} × {what}" for what, count in created.items())
        self.stdout.write(f"Created {summary}.")
        # As bakerydemo does: make search and "usage" counts right at once, not after the worker catches up.
        call_command("update_index", verbosity=0)
        call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content loaded and indexed."))
