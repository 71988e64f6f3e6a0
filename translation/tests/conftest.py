"""Fixtures for the translation engines: the service doubles on loopback, and the
settings that point the portal (and a Celery worker started by a test) at them."""

from dataclasses import dataclass

import pytest

from translation.tests.engine_doubles import DeepLDouble, LibreTranslateDouble

ENGINE_CLASSES = {
    "deepl": "translation.engines.DeepLEngine",
    "libretranslate": "translation.engines.LibreTranslateEngine",
}


@dataclass
class EngineSettings:
    """What a test configured: the engine, its double, the options, and the environment
    a worker subprocess needs to configure itself the same way (``env``)."""

    engine: str
    server: object
    key: str
    timeout: float
    machine_translator: dict

    @property
    def url(self):
        return self.server.url

    @property
    def options(self):
        return self.machine_translator["OPTIONS"]

    @property
    def env(self):
        return {
            "TRANSLATION_ENGINE": self.engine,
            "TRANSLATION_ENGINE_URL": self.server.url,
            "TRANSLATION_ENGINE_KEY": self.key,
            "TRANSLATION_ENGINE_TIMEOUT": str(int(self.timeout) or 1),
        }


def machine_translator_setting(engine, url, key, timeout):
    """WAGTAILLOCALIZE_MACHINE_TRANSLATOR as portal/settings.py builds it from TRANSLATION_ENGINE*."""
    return {
        "CLASS": ENGINE_CLASSES[engine],
        "OPTIONS": {
            "API_URL": url,
            "AUTH_KEY": key,
            "API_KEY": key,
            "LIBRETRANSLATE_URL": url or "https://libretranslate.com",
            "TIMEOUT": timeout,
        },
    }


def _configure(settings, engine, server, timeout=5):
    setting = machine_translator_setting(engine, server.url, server.api_key, timeout)
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = setting
    settings.TRANSLATION_ENGINE = engine
    settings.TRANSLATION_ENGINE_URL = server.url
    settings.TRANSLATION_ENGINE_KEY = server.api_key
    settings.TRANSLATION_ENGINE_TIMEOUT = timeout
    return EngineSettings(engine, server, server.api_key, timeout, setting)


@pytest.fixture
def deepl_server():
    with DeepLDouble() as server:
        yield server


@pytest.fixture
def libretranslate_server():
    with LibreTranslateDouble() as server:
        yield server


@pytest.fixture
def deepl_settings(settings, deepl_server):
    return _configure(settings, "deepl", deepl_server)


@pytest.fixture
def libretranslate_settings(settings, libretranslate_server):
    return _configure(settings, "libretranslate", libretranslate_server)
