from django.core.cache import caches
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from portal.backups import read_manifest, restore_backup, unapplied_migrations


class Command(BaseCommand):
    help = (
        "Replaces the database and the media files with those of a backup made by `manage.py backup`. "
        "Stop the web server, workers and beat first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup tarball (portal-<time>.tar.gz).")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, path, interactive=True, **options):
        manifest = read_manifest(path)
        database = connections[DEFAULT_DB_ALIAS].settings_dict
        if interactive:
            answer = input(
                f"This replaces ALL data of the {manifest['database']['engine']} database "
                f"{database['NAME']!r}{' on ' + database['HOST'] if database.get('HOST') else ''} and every file "
                f"in MEDIA_ROOT with the backup made {manifest['created_at']} "
                f"({manifest['media']['files']} media files).\nType 'yes' to continue: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")

        restore_backup(path, manifest)
        try:
            # Cached pages and API answers describe the data that was just replaced.
            caches["default"].clear()
        except Exception as error:  # the restore is done: say what is left to do
            self.stderr.write(f"Could not clear the cache ({error}): clear it before serving.")

        if options["verbosity"] >= 1:
            self.stdout.write(
                f"Restored the database and {manifest['media']['files']} media files from the backup "
                f"made {manifest['created_at']}."
            )
            if unapplied_migrations():
                self.stdout.write("This code has newer migrations than the backup: run `manage.py migrate`.")
