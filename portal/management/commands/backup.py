from django.core.management.base import BaseCommand

from portal.backups import make_backup


class Command(BaseCommand):
    help = (
        "Writes one tarball holding the database (pg_dump, or a copy of the SQLite file), the "
        "media files and a manifest, to BACKUP_DIR/portal-<UTC time>.tar.gz unless --output says where."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Path of the tarball to write.")

    def handle(self, *args, output=None, **options):
        path, manifest = make_backup(output)
        if options["verbosity"] >= 1:
            database, media = manifest["database"], manifest["media"]
            self.stdout.write(
                f"Backup written: {path}\n"
                f"  database: {database['engine']} {database['name']} ({database['bytes']} bytes)\n"
                f"  media: {media['files']} files ({media['bytes']} bytes)"
            )
        return None
