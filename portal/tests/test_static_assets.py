"""Static files as production serves them: collected by whitenoise's
CompressedManifestStaticFilesStorage (fingerprinted names, .gz and .br beside each), then
served by whitenoise with a year's immutable Cache-Control and the encoding the browser asks for.
The tests' own settings use the plain storage; here the portal's own files are collected."""

import re

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import Client, override_settings

from portal.tests.helpers import soup

pytestmark = pytest.mark.django_db

MANIFEST_STORAGE = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
FOREVER = "max-age=315360000, public, immutable"


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    with override_settings(
        STATIC_ROOT=root,
        STORAGES={**django_settings.STORAGES, "staticfiles": MANIFEST_STORAGE},
        # static/ only: the apps' (Wagtail's admin, the API docs) would take a minute to compress.
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(static_root, settings):
    settings.STATIC_ROOT = static_root
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    return Client()  # a new handler: whitenoise reads the collected files when it starts


def test_pages_link_the_fingerprinted_files_which_are_compressed_beside_them(production_static, static_root):
    stylesheet = soup(production_static.get("/")).find("link", rel="stylesheet")["href"]
    assert re.fullmatch(r"/static/css/portal\.[0-9a-f]{12}\.css", stylesheet), stylesheet
    collected = static_root / stylesheet.removeprefix("/static/")
    assert collected.exists()
    assert collected.with_name(collected.name + ".gz").exists()
    assert collected.with_name(collected.name + ".br").exists(), "brotli is installed (requirements.txt)"


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_fingerprinted_files_are_served_compressed_and_cached_for_a_year(production_static, encoding):
    script = soup(production_static.get("/")).find("script", src=re.compile(r"city-map"))["src"]
    response = production_static.get(script, headers={"accept-encoding": encoding})
    assert response.status_code == 200
    assert response["Content-Encoding"] == encoding
    assert response["Cache-Control"] == FOREVER
    assert "Accept-Encoding" in response["Vary"]


def test_names_without_a_fingerprint_are_cached_briefly(production_static):
    response = production_static.get("/static/css/portal.css")
    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]
