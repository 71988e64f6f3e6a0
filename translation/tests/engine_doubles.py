"""Test doubles of the translation services at the HTTP boundary: real socket servers
on 127.0.0.1 speaking DeepL's and LibreTranslate's documented APIs, including their
errors and rate limits, so the engines (and Celery workers in subprocesses) are tested
through the same requests they send in production.

Their "translation" is deterministic and visibly language-specific (``fake_translate``):
each text node between tags gets a ``[th] `` mark and the words of a small dictionary
in that language; tags and attributes come back exactly as sent, as a real service
keeps them. The doubles translate the glossary's placeholders too (neither honours
``translate="no"`` nor ``ignore_tags``), so a test proves the glossary restores them.
"""

import json
import re
import threading
from collections import deque
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

# A handful of words per language (service codes, lower case); the rest stay as they are.
DICTIONARY = {
    "th": {
        "smart": "อัจฉริยะ",
        "city": "เมือง",
        "cities": "เมือง",
        "water": "น้ำ",
        "plan": "แผน",
        "green": "สีเขียว",
    },
    "vi": {"smart": "thông minh", "city": "thành phố", "cities": "các thành phố", "water": "nước", "plan": "kế hoạch"},
    "id": {"smart": "cerdas", "city": "kota", "cities": "kota-kota", "water": "air", "plan": "rencana"},
    "ms": {"smart": "pintar", "city": "bandar", "cities": "bandar-bandar", "water": "air", "plan": "pelan"},
    "tl": {"smart": "matalino", "city": "lungsod", "cities": "mga lungsod", "water": "tubig", "plan": "plano"},
    "ja": {"smart": "スマート", "city": "都市", "cities": "都市", "water": "水", "plan": "計画"},
}

_TAG = re.compile(r"(<[^<>]*>)")
_WORD = re.compile(r"\w+")


def fake_translate(html, language):
    """The doubles' translation of an HTML string into `language` (the service's code).

    "Smart <b>water</b> plan for Bangkok" into "th" is
    "[th] อัจฉริยะ <b>[th] น้ำ</b> [th] แผน for Bangkok".
    """
    language = language.lower()
    words = DICTIONARY.get(language.split("-")[0], {})

    def word(match):
        return words.get(match.group(0).lower(), match.group(0))

    parts = _TAG.split(html)
    for position in range(0, len(parts), 2):
        text = parts[position]
        if _WORD.search(text):
            leading = text[: len(text) - len(text.lstrip())]
            parts[position] = f"{leading}[{language}] {_WORD.sub(word, text.lstrip())}"
    return "".join(parts)


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict
    params: dict  # the decoded body: lists for repeated form fields, as sent for JSON
    texts: list = field(default_factory=list)
    status: int = 200


@dataclass
class _Failure:
    status: int
    retry_after: object = None
    message: str = ""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet test output
        pass

    def do_GET(self):
        self.server.double.handle(self, "GET")

    def do_POST(self):
        self.server.double.handle(self, "POST")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class ServiceDouble:
    """A service on 127.0.0.1 at a random port. Start, use ``url``, stop.

    Controls: ``fail_next(n, status, retry_after=None, message="")`` answers the next n
    requests with that error as the service would word it; ``set_latency(seconds)``
    waits before answering; ``api_key`` is the only key accepted (None: any).
    Log: ``requests`` (RecordedRequest: method, path, headers, params, texts, status),
    ``request_count``, ``texts_per_request``.
    """

    name = "service"
    default_key = "test-key"

    def __init__(self, api_key=None):
        self.api_key = self.default_key if api_key is None else api_key
        self.requests = []
        self.latency = 0.0
        self._failures = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = None
        self._thread = None
        self.port = None

    # --- Life cycle ----------------------------------------------------------

    def start(self):
        """Listen on a random port; started again after ``stop()``, on the same port (the
        service came back, at the address a worker was given)."""
        self._server = _Server(("127.0.0.1", self.port or 0), _Handler)
        self._server.double = self
        self.port = self._server.server_address[1]
        self._stopping.clear()
        self._thread = threading.Thread(target=self._server.serve_forever, name=f"{self.name}-double", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop listening: afterwards a connection to ``url`` is refused."""
        if self._server is None:
            return
        self._stopping.set()  # wakes handlers sleeping in set_latency
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
        self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    # --- Controls --------------------------------------------------------------

    def fail_next(self, n, status, retry_after=None, message=""):
        with self._lock:
            for _ in range(n):
                self._failures.append(_Failure(status, retry_after, message))

    def set_latency(self, seconds):
        self.latency = seconds

    def reset(self):
        with self._lock:
            self.requests.clear()
            self._failures.clear()
        self.latency = 0.0

    @property
    def request_count(self):
        return len(self.requests)

    @property
    def texts_per_request(self):
        return [len(request.texts) for request in self.requests]

    # --- Serving -------------------------------------------------------------------

    def handle(self, handler, method):
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        path = handler.path.split("?", 1)[0]
        content_type = handler.headers.get("Content-Type", "")
        try:
            if "json" in content_type:
                params = json.loads(body or b"{}")
            else:
                params = parse_qs(body.decode(), keep_blank_values=True)
        except ValueError:
            params = None
        record = RecordedRequest(method, path, dict(handler.headers.items()), params if params is not None else {})
        with self._lock:
            self.requests.append(record)
            failure = self._failures.popleft() if self._failures else None

        if self.latency:
            self._stopping.wait(self.latency)
        if failure is not None:
            status, payload, headers = self.error(failure.status, failure.message)
            if failure.retry_after is not None:
                headers["Retry-After"] = str(failure.retry_after)
        elif params is None:
            status, payload, headers = self.error(400, "")
        else:
            status, payload, headers = self.respond(method, path, handler.headers, params, record)
        record.status = status
        self._send(handler, status, payload, headers)

    def _send(self, handler, status, payload, headers):
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            handler.send_response(status, REASONS.get(status))
            handler.send_header("Content-Type", "application/json; charset=utf-8")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def respond(self, method, path, headers, params, record):
        raise NotImplementedError

    def error(self, status, message):
        raise NotImplementedError


REASONS = {456: "Quota Exceeded", 529: "Too Many Requests"}


def _phrase(status):
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return REASONS.get(status, "")


def _one(params, name):
    """A single parameter, whether it came form-encoded (a list) or in JSON."""
    value = params.get(name)
    return value[0] if isinstance(value, list) and value else value


class DeepLDouble(ServiceDouble):
    """DeepL API v2: ``POST /v2/translate``, form-encoded (or JSON) ``text`` (repeated),
    ``source_lang``, ``target_lang``, ``tag_handling``, ``ignore_tags``; header
    ``Authorization: DeepL-Auth-Key <key>``; answers
    ``{"translations": [{"detected_source_language": "EN", "text": ...}]}``; errors as
    ``{"message": ...}``: 400, 403 (wrong key), 404, 413, 429 (Too many requests),
    456 (Quota exceeded), 500, 503."""

    name = "deepl"
    default_key = "deepl-test-key"
    max_texts = 50
    target_languages = {
        "AR", "BG", "CS", "DA", "DE", "EL", "EN-GB", "EN-US", "ES", "ET", "FI", "FR", "HE", "HU", "ID", "IT",
        "JA", "KO", "LT", "LV", "NB", "NL", "PL", "PT-BR", "PT-PT", "RO", "RU", "SK", "SL", "SV", "TH", "TR",
        "UK", "VI", "ZH", "ZH-HANS", "ZH-HANT",
    }  # fmt: skip
    messages = {
        400: "Bad request. Reason: Parameter 'text' not specified.",
        403: "Authorization failed. Please supply a valid auth_key parameter.",
        404: "Not found",
        413: "Request Entity Too Large",
        429: "Too many requests, please wait and resend your request.",
        456: "Quota exceeded. The character limit has been reached.",
        500: "Internal server error",
        503: "Service unavailable, please try again later.",
    }

    def error(self, status, message):
        return status, {"message": message or self.messages.get(status) or _phrase(status)}, {}

    def respond(self, method, path, headers, params, record):
        if method != "POST" or path != "/v2/translate":
            return self.error(404, "")
        if self.api_key is not None and headers.get("Authorization") != f"DeepL-Auth-Key {self.api_key}":
            return self.error(403, "")

        def one(name):
            return _one(params, name)

        texts = params.get("text") or []
        texts = [texts] if isinstance(texts, str) else list(texts)
        record.texts = texts
        target = (one("target_lang") or "").upper()
        if not texts:
            return self.error(400, "")
        if len(texts) > self.max_texts:
            return self.error(413, f"Too many texts in one request: at most {self.max_texts}.")
        if target not in self.target_languages and target not in {"EN", "PT"}:
            return self.error(400, "Value for 'target_lang' not supported.")
        return (
            200,
            {
                "translations": [
                    {
                        "detected_source_language": (one("source_lang") or "EN").upper(),
                        "text": fake_translate(t, target),
                    }
                    for t in texts
                ]
            },
            {},
        )


class LibreTranslateDouble(ServiceDouble):
    """LibreTranslate: ``POST /translate``, JSON (or form) ``{"q": str | [str], "source",
    "target", "format", "api_key"}``; answers ``{"translatedText": str | [str]}``; errors
    as ``{"error": ...}``: 400, 403 (invalid key), 429 (slow down), 500. Also
    ``GET /languages``."""

    name = "libretranslate"
    default_key = "libre-test-key"
    languages = {"en", "id", "ms", "th", "tl", "vi", "ja"}
    messages = {
        400: "Invalid request: missing q parameter",
        403: "Invalid API key",
        404: "Not Found",
        429: "Slowdown: 10 per 1 minute",
        500: "Cannot translate text: model error",
    }

    def error(self, status, message):
        return status, {"error": message or self.messages.get(status) or _phrase(status)}, {}

    def respond(self, method, path, headers, params, record):
        if method == "GET" and path == "/languages":
            return (
                200,
                [
                    {"code": code, "name": code, "targets": sorted(self.languages - {code})}
                    for code in sorted(self.languages)
                ],
                {},
            )
        if method != "POST" or path != "/translate":
            return self.error(404, "")

        def one(name):
            return _one(params, name)

        if self.api_key is not None and one("api_key") != self.api_key:
            return self.error(403, "")
        q = params.get("q")
        texts = [q] if isinstance(q, str) else list(q or [])
        record.texts = texts
        if not texts:
            return self.error(400, "")
        source, target = one("source") or "", one("target") or ""
        for code in (source, target):
            if code not in self.languages and code != "auto":
                return self.error(400, f"{code} is not supported")
        translated = [fake_translate(text, target) for text in texts]
        return 200, {"translatedText": translated if isinstance(q, list) else translated[0]}, {}


def main(argv=None):
    """Run a double as a stand-alone service, to try the translation jobs without a real engine:

    python -m translation.tests.engine_doubles libretranslate --port 5000 --key demo
    """
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("service", choices=["libretranslate", "deepl"])
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--key", default="demo", help="the only API key accepted")
    parser.add_argument(
        "--languages", default="en,id,ms,th,tl,vi,ja,km,lo,my", help="LibreTranslate: the languages it has models for"
    )
    args = parser.parse_args(argv)
    double = (LibreTranslateDouble if args.service == "libretranslate" else DeepLDouble)(api_key=args.key)
    if args.service == "libretranslate":
        double.languages = set(args.languages.split(","))
    double.port = args.port
    with double:
        print(f"{args.service} double on {double.url} (key {args.key!r}); Ctrl-C stops it.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
