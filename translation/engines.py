"""Machine-translation engines: wagtail-localize's own DeepL and LibreTranslate backends
with the glossary around them (translation/glossary.py), the service's address taken
from the settings, and every failure turned into an EngineError the job can act on.

Configured by ``WAGTAILLOCALIZE_MACHINE_TRANSLATOR`` (built from ``TRANSLATION_ENGINE*``
in portal/settings.py), so the admin's "Machine translate" button and the translation
jobs use the same engine. OPTIONS read here:

- ``API_URL``: the service's base address (``http://deepl-proxy:8080``); DeepL's public
  API when empty. ``LIBRETRANSLATE_URL`` is LibreTranslate's fallback.
- ``AUTH_KEY`` (DeepL) / ``API_KEY`` (LibreTranslate), ``TIMEOUT`` (seconds, may be a fraction).
- ``SOURCE_LANGUAGES`` / ``TARGET_LANGUAGES`` (optional): the service's own codes, to
  replace the documented lists below when the service (or a self-hosted instance's
  installed models) supports more or fewer languages.

One ``translate()`` call sends one HTTP request, unless it carries more texts than the
service accepts in one (DeepL: 50), when it sends as many as needed; ``requests_made``
counts them.
"""

import re
import time
from email.utils import parsedate_to_datetime

import requests
from wagtail_localize.machine_translators.deepl import DeepLTranslator
from wagtail_localize.machine_translators.deepl import language_code as deepl_language_code
from wagtail_localize.machine_translators.libretranslate import LibreTranslator
from wagtail_localize.strings import StringValue

from portal.languages import LANGUAGES
from translation.glossary import PLACEHOLDER_TAG, GlossaryMixin

LANGUAGE_NAMES = {code: english for code, english, _ in LANGUAGES}

# HTTP statuses worth trying again later: rate limits, timeouts and the service's own
# failures. Everything else (400 bad request or unsupported language, 403 wrong key,
# 413 request too large, 456 DeepL quota used up for the billing period) needs a person.
RETRYABLE_STATUSES = {408, 425, 429}

# Reason phrases Python's http module does not know.
REASONS = {456: "Quota Exceeded", 529: "Too Many Requests"}

HINTS = {
    401: "check TRANSLATION_ENGINE_KEY",
    403: "check TRANSLATION_ENGINE_KEY (and that the key belongs to this service's address)",
    456: (
        "the account's character quota is used up: raise it or wait for the next billing period, then run the job again"
    ),
}


class EngineError(Exception):
    """An engine could not translate a batch.

    Attributes:
        message: one sentence for the admin: the engine, the HTTP status and the service's own words.
        engine: the engine's display name ("DeepL").
        status: the HTTP status, or None when no answer came (timeout, connection refused).
        service_message: what the service said about it, as it said it ("" if nothing).
        retryable: True for rate limits (429), the service's own failures (5xx, including
            DeepL's 529), 408, timeouts and connection errors; False for what a person must
            fix: 400 (bad request, unsupported language), 401/403 (wrong key), 413, 456
            (DeepL quota exceeded: it only comes back next billing period), an unreadable
            answer, or a bad address.
        retry_after: seconds the service asked us to wait (Retry-After), or None.
    """

    def __init__(self, message, *, engine="", status=None, retryable=False, retry_after=None, service_message=""):
        super().__init__(message)
        self.message = message
        self.engine = engine
        self.status = status
        self.retryable = retryable
        self.retry_after = retry_after
        self.service_message = service_message

    def __reduce__(self):
        # Keep every field through pickling (Celery's result backend, multiprocessing).
        return (
            _rebuild_engine_error,
            (
                self.message,
                self.engine,
                self.status,
                self.retryable,
                self.retry_after,
                self.service_message,
            ),
        )

    def __str__(self):
        return self.message


def _rebuild_engine_error(message, engine, status, retryable, retry_after, service_message):
    return EngineError(
        message,
        engine=engine,
        status=status,
        retryable=retryable,
        retry_after=retry_after,
        service_message=service_message,
    )


def is_retryable_status(status):
    return status in RETRYABLE_STATUSES or 500 <= status <= 599


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def service_message(response):
    """The service's own explanation: DeepL's {"message", "detail"}, LibreTranslate's {"error"}."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        # An HTML error page from a proxy says nothing the status does not.
        return "" if text.startswith("<") else text[:300]
    if isinstance(body, dict):
        parts = [str(body[key]) for key in ("message", "error", "detail") if body.get(key)]
        return ": ".join(dict.fromkeys(parts))[:300]
    return str(body)[:300]


def _connection_reason(exc):
    # requests nests the cause several levels deep; "[Errno 111] Connection refused" is what a person needs.
    text = str(exc)
    found = re.findall(r"\[Errno -?\d+\] [^'\")]+", text) or re.findall(r"\w+\('([^']+)'\)", text)
    return found[-1] if found else (text[:200] or exc.__class__.__name__)


def _language_code(locale_or_code):
    return getattr(locale_or_code, "language_code", locale_or_code)


class HTTPEngineMixin:
    """Sending a request and reading its answer, the same way for every service."""

    # The most texts the service takes in one request (None: no documented limit).
    max_texts_per_request = None
    # The service's codes (upper or lower case as it documents them).
    source_languages = frozenset()
    target_languages = frozenset()

    def __init__(self, options):
        super().__init__(options)
        self.requests_made = 0

    # --- Languages ---------------------------------------------------------

    def service_language(self, code, *, is_target):
        """Our language code as the service spells it."""
        raise NotImplementedError

    def _supported(self, code, *, is_target):
        option = self.options.get("TARGET_LANGUAGES" if is_target else "SOURCE_LANGUAGES")
        supported = option if option else (self.target_languages if is_target else self.source_languages)
        return self.service_language(code, is_target=is_target).lower() in {c.lower() for c in supported}

    def unsupported_reason(self, source_locale, target_locale):
        """Why this engine cannot translate the pair ("DeepL cannot translate into Lao"), or None if it can."""
        source, target = _language_code(source_locale), _language_code(target_locale)
        if self.service_language(source, is_target=False) == self.service_language(target, is_target=False):
            return f"{self.display_name} has nothing to do: {LANGUAGE_NAMES.get(source, source)} is the source language"
        if not self._supported(source, is_target=False):
            return f"{self.display_name} cannot translate from {LANGUAGE_NAMES.get(source, source)}"
        if not self._supported(target, is_target=True):
            return f"{self.display_name} cannot translate into {LANGUAGE_NAMES.get(target, target)}"
        return None

    def can_translate(self, source_locale, target_locale):
        return self.unsupported_reason(source_locale, target_locale) is None

    # --- Requests ----------------------------------------------------------

    def get_timeout(self):
        return float(self.options.get("TIMEOUT") or 30)

    def translate_texts(self, source_locale, target_locale, texts):
        """HTML strings in, their translations out, in order (GlossaryMixin's hook)."""
        size = self.max_texts_per_request or len(texts) or 1
        translated = []
        for start in range(0, len(texts), size):
            translated.extend(self.request_translations(source_locale, target_locale, texts[start : start + size]))
        return translated

    def request_translations(self, source_locale, target_locale, texts):
        """One HTTP request: the texts' translations, in order."""
        raise NotImplementedError

    def post(self, url, **kwargs):
        """POST to the service and return its JSON answer, or raise EngineError."""
        timeout = self.get_timeout()
        self.requests_made += 1
        try:
            response = requests.post(url, timeout=timeout, **kwargs)
        except requests.Timeout as exc:
            raise EngineError(
                f"{self.display_name} did not answer within {timeout:g} s ({url}).",
                engine=self.display_name,
                retryable=True,
            ) from exc
        except requests.ConnectionError as exc:
            raise EngineError(
                f"Could not connect to {self.display_name} at {url}: {_connection_reason(exc)}.",
                engine=self.display_name,
                retryable=True,
            ) from exc
        except requests.RequestException as exc:
            raise EngineError(
                f"Could not send the request to {self.display_name} at {url!r}: {exc}",
                engine=self.display_name,
                retryable=False,
            ) from exc

        if response.status_code >= 400:
            raise self.http_error(response)
        try:
            return response.json()
        except ValueError as exc:
            raise self.bad_answer(response, "its answer is not JSON") from exc

    def http_error(self, response):
        status = response.status_code
        said = service_message(response)
        retryable = is_retryable_status(status)
        retry_after = parse_retry_after(response.headers.get("Retry-After")) if retryable else None
        reason = REASONS.get(status) or response.reason or ""
        message = f"{self.display_name} answered HTTP {status}{' ' + reason if reason else ''}"
        if said:
            message += f": {said.rstrip('.')}"
        if status in HINTS:
            message += f" — {HINTS[status]}"
        if retry_after is not None:
            message += f" (retry after {retry_after:g} s)"
        return EngineError(
            message + ".",
            engine=self.display_name,
            status=status,
            retryable=retryable,
            retry_after=retry_after,
            service_message=said,
        )

    def bad_answer(self, response, problem):
        return EngineError(
            f"{self.display_name} answered HTTP {response.status_code} but {problem}.",
            engine=self.display_name,
            status=response.status_code,
            retryable=False,
        )


class DeepLEngine(HTTPEngineMixin, GlossaryMixin, DeepLTranslator):
    """DeepL's /v2/translate, by wagtail-localize's DeepLTranslator (its parameters and
    headers), at the configured address, with the status checked."""

    display_name = "DeepL"
    max_texts_per_request = 50  # documented limit of `text` parameters per request
    # developers.deepl.com › Languages supported (2025). Of ours: Indonesian, Japanese,
    # and Thai and Vietnamese (added 2025, text translation by next-generation models).
    # Not Malay, Filipino, Khmer, Lao or Burmese.
    source_languages = frozenset(
        "AR BG CS DA DE EL EN ES ET FI FR HE HU ID IT JA KO LT LV NB NL PL PT RO RU SK SL SV TH TR UK VI ZH".split()
    )
    target_languages = frozenset(
        (
            "AR BG CS DA DE EL EN EN-GB EN-US ES ES-419 ET FI FR HE HU ID IT JA KO LT LV NB NL PL PT PT-BR "
            "PT-PT RO RU SK SL SV TH TR UK VI ZH ZH-HANS ZH-HANT"
        ).split()
    )

    def get_api_endpoint(self):
        url = (self.options.get("API_URL") or "").strip().rstrip("/")
        if not url:
            return super().get_api_endpoint()  # api.deepl.com, or api-free.deepl.com for a ":fx" key
        return url if url.endswith("/v2/translate") else f"{url}/v2/translate"

    def get_parameters(self, source_locale, target_locale, strings):
        parameters = super().get_parameters(source_locale, target_locale, strings)
        # With XML tag handling DeepL keeps every element; the glossary's placeholders it leaves untranslated too.
        parameters["ignore_tags"] = PLACEHOLDER_TAG
        return parameters

    def service_language(self, code, *, is_target):
        return deepl_language_code(code, is_target=is_target)

    def request_translations(self, source_locale, target_locale, texts):
        answer = self.post(
            self.get_api_endpoint(),
            data=self.get_parameters(source_locale, target_locale, [StringValue(text) for text in texts]),
            headers=self.get_headers(),
        )
        translations = answer.get("translations") if isinstance(answer, dict) else None
        if not isinstance(translations, list) or len(translations) != len(texts):
            raise self.bad_answer_for(texts, translations)
        try:
            return [str(translation["text"]) for translation in translations]
        except (KeyError, TypeError) as exc:
            raise self.bad_answer_for(texts, translations) from exc

    def bad_answer_for(self, texts, translations):
        got = len(translations) if isinstance(translations, list) else "no"
        return EngineError(f"DeepL answered with {got} translations for {len(texts)} texts.", engine=self.display_name)


class LibreTranslateEngine(HTTPEngineMixin, GlossaryMixin, LibreTranslator):
    """LibreTranslate's /translate, by wagtail-localize's LibreTranslator (its request
    body), at the configured address, with the status checked."""

    display_name = "LibreTranslate"
    # LibreTranslate's models (Argos Translate package index, 2025): of ours Indonesian,
    # Malay, Thai, Vietnamese, Filipino (as Tagalog, "tl") and Japanese; not Khmer, Lao
    # or Burmese. A self-hosted instance has only the models it installed: set
    # TARGET_LANGUAGES to match its GET /languages.
    source_languages = target_languages = frozenset(
        (
            "ar az bg bn ca cs da de el en eo es et eu fa fi fr ga gl he hi hu id it ja ko ky lt lv ms nb nl "
            "pl pt pt-BR ro ru sk sl sq sr sv th tl tr uk ur vi zh zt"
        ).split()
    )
    # Our codes LibreTranslate spells otherwise.
    codes = {"fil": "tl", "zh-hant": "zt", "pt-br": "pt-BR"}

    def get_api_endpoint(self):
        url = self.options.get("API_URL") or self.options.get("LIBRETRANSLATE_URL") or "https://libretranslate.com"
        url = url.strip().rstrip("/")
        return url.removesuffix("/translate")

    def language_code(self, code):
        return self.codes.get(code.lower()) or super().language_code(code)

    def service_language(self, code, *, is_target):
        return self.language_code(code)

    def request_translations(self, source_locale, target_locale, texts):
        answer = self.post(
            self.get_api_endpoint() + "/translate",
            json={
                "q": list(texts),
                "source": self.language_code(source_locale.language_code),
                "target": self.language_code(target_locale.language_code),
                "api_key": self.options.get("API_KEY", ""),
                "format": "html",
            },
        )
        translated = answer.get("translatedText") if isinstance(answer, dict) else None
        if isinstance(translated, str) and len(texts) == 1:
            translated = [translated]
        if not isinstance(translated, list) or len(translated) != len(texts):
            got = len(translated) if isinstance(translated, list) else "no"
            raise EngineError(
                f"LibreTranslate answered with {got} translations for {len(texts)} texts.",
                engine=self.display_name,
            )
        return [str(text) for text in translated]
