"""`manage.py backup` and `manage.py restore` (portal/backups.py), on the database kind of
the run: SQLite in the embedded run, PostgreSQL in the PostgreSQL one."""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.images import get_image_model
from wagtail.models import Page

from casestudies.models import CaseStudyPage
from portal.backups import DUMP_NAMES, FORMAT, MANIFEST

ENGINE = "postgresql" if connection.vendor == "postgresql" else "sqlite"
OTHER_ENGINE = "sqlite" if ENGINE == "postgresql" else "postgresql"


def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture
def local_cache(settings):
    """The restore clears the cache: a process-local one, not a Redis database others share."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_round_trip_brings_back_deleted_and_changed_data_and_media(committed_demo_content, local_cache, tmp_path):
    deleted = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok", locale__language_code="en")
    renamed = CaseStudyPage.objects.filter(locale__language_code="en").exclude(pk=deleted.pk).first()
    image = get_image_model().objects.first()
    image_path = Path(image.file.path)
    image_digest = digest(image_path)
    pages_before = Page.objects.count()
    media_root = Path(settings.MEDIA_ROOT)

    backup = tmp_path / "portal-test.tar.gz"
    call_command("backup", output=str(backup), verbosity=0)

    manifest = json.load(tarfile.open(backup).extractfile(MANIFEST))
    assert manifest["format"] == FORMAT and manifest["database"]["engine"] == ENGINE
    assert manifest["media"]["files"] == sum(1 for p in media_root.rglob("*") if p.is_file())
    assert manifest["migrations"]["casestudies"]["applied"] >= 1
    dump = tarfile.open(backup).extractfile(DUMP_NAMES[ENGINE]).read()
    assert hashlib.sha256(dump).hexdigest() == manifest["database"]["sha256"]
    assert backup.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only

    # What an accident does: a page deleted, a title changed, an upload lost, a stray file.
    deleted_title = deleted.title
    deleted.delete()
    CaseStudyPage.objects.filter(pk=renamed.pk).update(title="Overwritten by mistake")
    image_path.unlink()
    (media_root / "stray.txt").write_text("not in the backup")

    call_command("restore", str(backup), interactive=False, verbosity=0)

    assert CaseStudyPage.objects.get(pk=deleted.pk).title == deleted_title
    assert CaseStudyPage.objects.get(pk=renamed.pk).title == renamed.title
    assert Page.objects.count() == pages_before
    assert digest(image_path) == image_digest
    assert not (media_root / "stray.txt").exists()


# --- Refusals: nothing is changed ------------------------------------------------------------


@pytest.fixture
def sentinel():
    """A media file that a refused restore must leave alone."""
    path = Path(settings.MEDIA_ROOT) / "sentinel.txt"
    path.write_text("still here")
    yield path
    path.unlink(missing_ok=True)


def make_tarball(path, *, engine=ENGINE, members=(), dump=b"not a real dump"):
    """A tarball shaped like a backup, with `members` (TarInfo, bytes) added after it."""
    manifest = {
        "format": FORMAT,
        "created_at": "2026-01-01T00:00:00Z",
        "database": {
            "engine": engine,
            "name": "portal",
            "file": DUMP_NAMES[engine],
            "bytes": len(dump),
            "sha256": hashlib.sha256(dump).hexdigest(),
        },
        "media": {"files": 0, "bytes": 0},
        "migrations": {},
        "versions": {},
    }
    with tarfile.open(path, "w:gz") as tar:
        for name, data in ((MANIFEST, json.dumps(manifest).encode()), (DUMP_NAMES[engine], dump)):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data else None)
    return path


def member(name, data=b"x", **attributes):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for key, value in attributes.items():
        setattr(info, key, value)
    return info, data


def refused(path, message):
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(path), interactive=False, verbosity=0)


def test_restore_refuses_a_missing_or_damaged_tarball(tmp_path, sentinel):
    refused(tmp_path / "nowhere.tar.gz", "No backup at")
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"\x1f\x8b this is not gzip data at all")
    refused(garbage, "not a readable backup tarball")
    plain = tmp_path / "plain.tar.gz"
    with tarfile.open(plain, "w:gz") as tar:
        tar.addfile(tarfile.TarInfo("readme.txt"))
    refused(plain, "not a portal backup")
    truncated = tmp_path / "truncated.tar.gz"
    whole = make_tarball(tmp_path / "whole.tar.gz", members=[member("media/a.bin", os.urandom(100_000))]).read_bytes()
    truncated.write_bytes(whole[: len(whole) // 2])
    refused(truncated, "not a readable backup tarball")
    assert sentinel.read_text() == "still here"


def test_restore_refuses_another_database_engines_backup(tmp_path, sentinel):
    refused(make_tarball(tmp_path / "other.tar.gz", engine=OTHER_ENGINE), f"backup of a {OTHER_ENGINE} database")
    assert sentinel.read_text() == "still here"


@pytest.mark.parametrize(
    "hostile",
    [
        member("../escaped.txt"),
        member("media/../../escaped.txt"),
        member("/tmp/portal-absolute-escape.txt"),
        member("media/link", b"", type=tarfile.SYMTYPE, linkname="/etc/passwd"),
        member("media/up", b"", type=tarfile.SYMTYPE, linkname="../../../outside"),
        member("media/device", b"", type=tarfile.CHRTYPE, devmajor=1, devminor=3),
        member("settings.py", b"SECRET_KEY = 'mine'"),
    ],
    ids=["dot-dot", "media-dot-dot", "absolute", "symlink-absolute", "symlink-outside", "device", "unexpected"],
)
def test_restore_refuses_members_outside_the_backup(tmp_path, sentinel, hostile):
    path = make_tarball(tmp_path / "hostile.tar.gz", members=[hostile])
    refused(path, "unsafe to unpack|unexpected file")
    assert sentinel.read_text() == "still here"
    assert not (tmp_path.parent / "escaped.txt").exists()
    assert not Path("/tmp/portal-absolute-escape.txt").exists()


def test_restore_refuses_a_dump_that_does_not_match_its_manifest(tmp_path, sentinel):
    path = make_tarball(tmp_path / "tampered.tar.gz")
    with tarfile.open(path) as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
    manifest["database"]["sha256"] = "0" * 64
    with tarfile.open(path, "w:gz") as tar:
        for name, data in ((MANIFEST, json.dumps(manifest).encode()), (DUMP_NAMES[ENGINE], b"not a real dump")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    refused(path, "does not match its manifest")
    assert sentinel.read_text() == "still here"


def test_restore_asks_first_and_stops_unless_told_yes(tmp_path, sentinel):
    path = make_tarball(tmp_path / "backup.tar.gz")
    answered = subprocess.run(
        [sys.executable, "manage.py", "restore", str(path)],
        cwd=settings.BASE_DIR,
        input="no\n",
        capture_output=True,
        text=True,
        env={**os.environ, "MEDIA_ROOT": str(settings.MEDIA_ROOT)},
    )
    assert answered.returncode == 1
    assert "Type 'yes' to continue" in answered.stdout
    assert "Restore cancelled: nothing was changed." in answered.stderr
    assert sentinel.read_text() == "still here"
