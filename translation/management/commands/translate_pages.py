from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Page

from portal.languages import SOURCE_LANGUAGE
from translation import jobs


class Command(BaseCommand):
    help = (
        "Queue translation jobs for live English pages (all of them, or the pages given) into every "
        "language or the languages given. A worker runs them; their state is in the admin under "
        "Reports › Translation jobs."
    )

    def add_arguments(self, parser):
        parser.add_argument("pages", nargs="*", help="Page ids or URL paths (/cities/bangkok/); default: every page")
        parser.add_argument(
            "--language", "-l", action="append", default=[], help="A language code (th, km …); repeatable"
        )

    def handle(self, *args, pages, language, **options):
        locales = jobs.target_locales()
        if language:
            unknown = sorted(set(language) - set(locales.values_list("language_code", flat=True)))
            if unknown:
                valid = ", ".join(locales.values_list("language_code", flat=True))
                raise CommandError(f"Unknown language {', '.join(unknown)}: use one of {valid}.")
            locales = locales.filter(language_code__in=language)
        sources = [page for page in self.pages(pages) if jobs.is_translatable_source(page)]
        if not sources:
            raise CommandError("No live English page to translate.")
        for page in sources:
            jobs.queue_translations(page, list(locales))
        self.stdout.write(
            self.style.SUCCESS(
                f"Queued {len(sources) * len(locales)} translation jobs "
                f"({len(sources)} pages × {len(locales)} languages)."
            )
        )

    def pages(self, identifiers):
        english = Page.objects.live().filter(locale__language_code=SOURCE_LANGUAGE, depth__gte=2).specific()
        if not identifiers:
            return list(english.order_by("path"))
        found = []
        for identifier in identifiers:
            if identifier.isdigit():
                page = english.filter(pk=int(identifier)).first()
            else:
                path = "/" + identifier.strip("/") + "/" if identifier.strip("/") else "/"
                page = next(
                    (p for p in english.filter(slug=path.rstrip("/").rsplit("/", 1)[-1] or "home") if p.url == path),
                    None,
                )
            if page is None:
                raise CommandError(f"No live English page {identifier!r}.")
            found.append(page)
        return found
