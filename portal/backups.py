"""Backups of the database and the media files as one tarball, and their restore
(`manage.py backup`, `manage.py restore`; docs/operations.md, "Backups and restore").

A tarball holds manifest.json, the database (database.dump: PostgreSQL's custom format from
pg_dump; or database.sqlite3: a copy made with SQLite's online backup API) and media/.
"""

import hashlib
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

MANIFEST = "manifest.json"
FORMAT = 1
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
MEDIA_DIR = "media"


class BackupError(CommandError):
    pass


def engine_name(connection):
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    return connection.vendor


def default_backup_path(now=None):
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BACKUP_DIR) / f"portal-{stamp}.tar.gz"


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


# --- PostgreSQL: the client tools, given the connection through PG* variables --------------


def pg_environment(connection):
    """The connection settings as libpq's variables: the password never appears on a
    command line (where `ps` shows it to every user of the machine)."""
    db = connection.settings_dict
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for variable, value in (
        ("PGHOST", db.get("HOST")),
        ("PGPORT", db.get("PORT")),
        ("PGUSER", db.get("USER")),
        ("PGPASSWORD", db.get("PASSWORD")),
        ("PGSSLMODE", db.get("OPTIONS", {}).get("sslmode")),
    ):
        if value:
            env[variable] = str(value)
    return env


def pg_tool(name, connection):
    """The path of pg_dump or pg_restore, checked against the server's major version:
    pg_dump refuses a newer server, and pg_restore cannot read a newer pg_dump's archive."""
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} is not installed. Install PostgreSQL's client tools of the server's version "
            f"(Debian: apt-get install postgresql-client-{server_major_version(connection)})."
        )
    output = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"\)\s*(\d+)", output) or re.search(r"(\d+)", output)
    tool_major = int(match.group(1))
    server_major = server_major_version(connection)
    if tool_major < server_major:
        raise BackupError(
            f"{name} {tool_major} is older than the PostgreSQL {server_major} server: "
            f"install postgresql-client-{server_major} (`{output.strip()}` found at {path})."
        )
    return path


def server_major_version(connection):
    connection.ensure_connection()
    return connection.pg_version // 10000


def run_pg_tool(command, connection):
    result = subprocess.run(command, env=pg_environment(connection), capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed (exit {result.returncode}):\n{result.stderr.strip()}")


# --- Making a backup -----------------------------------------------------------------------


def dump_database(connection, target_dir):
    engine = engine_name(connection)
    dump = Path(target_dir) / DUMP_NAMES[engine]
    if engine == "postgresql":
        run_pg_tool([pg_tool("pg_dump", connection), "--format=custom", "--no-owner", f"--file={dump}"], connection)
    else:
        # The online backup API copies a consistent snapshot even while web and workers write.
        source = sqlite3.connect(connection.settings_dict["NAME"])
        copy = sqlite3.connect(dump)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()
    return dump


def migration_state(connection):
    """The last applied migration of each app, and how many: tells which code a backup fits."""
    state = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        entry = state.setdefault(app, {"applied": 0, "latest": name})
        entry["applied"] += 1
        entry["latest"] = max(entry["latest"], name)
    return dict(sorted(state.items()))


def media_files(media_root):
    root = Path(media_root)
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()) if root.is_dir() else []


def make_backup(output=None, using=DEFAULT_DB_ALIAS):
    """Writes the tarball (to a temporary name first, so a failed backup never looks
    complete) and returns its path and manifest."""
    connection = connections[using]
    output = Path(output) if output else default_backup_path()
    output.parent.mkdir(parents=True, exist_ok=True)
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as workdir:
        dump = dump_database(connection, workdir)
        files = media_files(media_root)
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "database": {
                "engine": engine_name(connection),
                "name": Path(connection.settings_dict["NAME"]).name,
                "file": dump.name,
                "bytes": dump.stat().st_size,
                "sha256": sha256(dump),
            },
            "media": {"files": len(files), "bytes": sum(p.stat().st_size for p in files)},
            "migrations": migration_state(connection),
            "versions": {
                "python": platform.python_version(),
                **{package: version(package) for package in ("django", "wagtail", "wagtail-localize")},
            },
        }
        manifest_path = Path(workdir) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")

        partial = output.with_name(f".{output.name}.partial")
        # Uploads and the database hold personal data (subscribers, accounts): owner only.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(descriptor, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(manifest_path, arcname=MANIFEST)
                tar.add(dump, arcname=dump.name)
                tar.add(media_root if media_root.is_dir() else workdir, arcname=MEDIA_DIR, recursive=False)
                for path in files:
                    tar.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}")
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return output, manifest


# --- Restoring ----------------------------------------------------------------------------


def read_manifest(path, using=DEFAULT_DB_ALIAS):
    """The manifest of the tarball at `path`, once it is known to be a backup this database
    can take: refuses a missing or unreadable file and another database engine's backup."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    try:
        with tarfile.open(path, "r:gz") as tar:
            tar.getmembers()  # reads to the end: a truncated or damaged file fails here, before any question
            manifest = json.load(tar.extractfile(MANIFEST))
    except KeyError:
        raise BackupError(f"{path} is not a portal backup: it has no {MANIFEST}.") from None
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise BackupError(f"{path} is not a readable backup tarball ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format (manifest format {manifest.get('format')!r}).")
    engine = manifest.get("database", {}).get("engine")
    here = engine_name(connections[using])
    if engine != here:
        raise BackupError(
            f"{path} is a backup of a {engine} database; this portal uses {here}. "
            "Restore it into a portal configured with the same kind of database (DATABASE_URL)."
        )
    return manifest


def extract(path, manifest, target_dir):
    """Unpacks the tarball with tarfile's "data" filter, which refuses absolute paths,
    `..`, links pointing outside, and device files; checks the dump against the manifest."""
    allowed = {MANIFEST, manifest["database"]["file"]}
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar.getmembers():
                # The data filter would strip a leading "/": a backup never has one, refuse it.
                if member.name.startswith("/") or ".." in PurePosixPath(member.name).parts:
                    raise BackupError(f"{path} is unsafe to unpack, not restoring it: member {member.name!r}.")
                if member.name not in allowed and member.name != MEDIA_DIR and not member.name.startswith("media/"):
                    raise BackupError(f"{path} holds an unexpected file {member.name!r}: not restoring it.")
            tar.extractall(target_dir, filter="data")
    except tarfile.FilterError as error:
        raise BackupError(f"{path} is unsafe to unpack, not restoring it: {error}.") from None
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"{path} is damaged ({error}).") from None
    dump = Path(target_dir) / manifest["database"]["file"]
    if not dump.is_file() or sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError(f"{path}: the database dump does not match its manifest's checksum (damaged backup).")
    return dump, Path(target_dir) / MEDIA_DIR


def restore_database(connection, dump):
    engine = engine_name(connection)
    if engine == "postgresql":
        command = [pg_tool("pg_restore", connection), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        # One transaction: a failed restore leaves the database as it was.
        command += ["--single-transaction", f"--dbname={connection.settings_dict['NAME']}", str(dump)]
        connection.close()  # pg_restore drops tables this connection could hold locks on
        run_pg_tool(command, connection)
    else:
        # The backup API in the other direction replaces the file's whole content under
        # SQLite's own locking, so a web or worker process that still has it open sees the
        # restored database rather than a deleted file.
        source = sqlite3.connect(dump)
        live = sqlite3.connect(connection.settings_dict["NAME"], timeout=20)
        try:
            source.backup(live)
        finally:
            live.close()
            source.close()
    connection.close()


def restore_media(extracted_media):
    """MEDIA_ROOT ends up holding exactly the backup's files (the folder itself stays, as
    it may be a mount point)."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    for entry in media_root.iterdir():
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if extracted_media.is_dir():
        for entry in extracted_media.iterdir():
            shutil.move(entry, media_root / entry.name)


def restore_backup(path, manifest, using=DEFAULT_DB_ALIAS):
    """Database first (atomic on PostgreSQL), then the media; unpacked next to MEDIA_ROOT so
    the files are moved, not copied, into place."""
    connection = connections[using]
    media_parent = Path(settings.MEDIA_ROOT).parent
    media_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".portal-restore-", dir=media_parent) as workdir:
        dump, media = extract(path, manifest, workdir)
        restore_database(connection, dump)
        restore_media(media)


def unapplied_migrations(using=DEFAULT_DB_ALIAS):
    executor = MigrationExecutor(connections[using])
    return executor.migration_plan(executor.loader.graph.leaf_nodes())
