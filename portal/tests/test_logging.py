"""Request ids and the one log format of web and workers (portal/logging.py)."""

import io
import json
import logging
import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from portal.logging import JsonFormatter, TextFormatter
from portal.middleware import RequestIdMiddleware
from portal.tasks import log_ping
from portal.tests.test_worker import running_worker

FIELDS = {"time", "level", "logger", "message", "request_id", "task_id", "task_name"}
ISO_UTC = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture
def console_lines():
    """What the console handler configured by settings.LOGGING writes, line by line."""
    handler = next(h for h in logging.getLogger().handlers if isinstance(h.formatter, JsonFormatter | TextFormatter))
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)


def test_each_response_has_a_new_request_id(db, client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", first) and re.fullmatch(r"[0-9a-f]{32}", second)
    assert first != second


def test_a_valid_incoming_request_id_is_kept_and_an_invalid_one_replaced(db, client):
    given = "Root=1-5759e988-bd862e3fe1be46a994272793"
    assert client.get("/", headers={"X-Request-ID": given})["X-Request-ID"] == given

    for hostile in ('abc"\n{"level": "CRITICAL"}', "x" * 201, "<script>", ""):
        returned = client.get("/", headers={"X-Request-ID": hostile})["X-Request-ID"]
        assert returned != hostile
        assert re.fullmatch(r"[0-9a-f]{32}", returned)


def test_a_line_logged_during_a_request_is_json_with_the_request_id(db, client, console_lines, settings):
    assert settings.LOG_FORMAT == "json"  # the production default (DEBUG off)

    response = client.get("/no-such-page/", headers={"X-Request-ID": "req-404-check"})

    assert response.status_code == 404
    records = [json.loads(line) for line in console_lines()]  # every line is one JSON object
    not_found = next(r for r in records if r["logger"] == "django.request")
    assert not_found["message"] == "Not Found: /no-such-page/"
    assert not_found["request_id"] == "req-404-check"
    assert not_found["level"] == "WARNING"
    assert FIELDS <= not_found.keys()
    assert ISO_UTC.fullmatch(not_found["time"])
    assert not_found["task_id"] is None and not_found["task_name"] is None

    logging.getLogger("portal.test").info("after the request")
    assert json.loads(console_lines()[-1])["request_id"] is None  # the id ends with the response


def test_an_exception_is_one_field_of_one_line(console_lines):
    try:
        raise ValueError("broken on purpose")
    except ValueError:
        logging.getLogger("portal.test").exception("it failed")

    lines = console_lines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["message"] == "it failed" and record["level"] == "ERROR"
    assert record["exception"].startswith("Traceback (most recent call last):")
    assert "ValueError: broken on purpose" in record["exception"]


def test_text_format_shows_the_same_context():
    record = logging.makeLogRecord({"name": "portal", "levelname": "INFO", "msg": "hello", "created": 0})
    record.request_id, record.task_id, record.task_name = "abc", "t-1", "portal.tasks.log_ping"
    line = TextFormatter().format(record)
    assert line == "1970-01-01T00:00:00.000Z INFO    portal [request=abc task=portal.tasks.log_ping[t-1]] hello"


def test_a_worker_logs_a_task_with_the_id_of_the_request_that_enqueued_it(db):
    note = uuid.uuid4().hex
    queued = {}

    def view(request):  # a view that hands work to the workers, as publishing does
        queued["result"] = log_ping.delay(note)
        return HttpResponse("queued")

    log_name = "test-worker-logging.log"
    with running_worker(log_name, purge=True, LOG_FORMAT="json"):
        request = RequestFactory().post("/", headers={"X-Request-ID": "req-from-the-web"})
        response = RequestIdMiddleware(view)(request)
        response.close()  # the end of the request, as the WSGI server signals it
        assert queued["result"].get(timeout=90) == note

    lines = (Path(settings.VAR_DIR) / log_name).read_text().splitlines()
    records = [json.loads(line) for line in lines if line.startswith("{")]
    ping = next(r for r in records if r["message"] == f"ping {note}")
    assert ping["request_id"] == "req-from-the-web"
    assert ping["task_name"] == "portal.tasks.log_ping"
    assert ping["task_id"] == queued["result"].id
    assert FIELDS <= ping.keys()
    # Celery's own lines about the task are JSON too and name it.
    succeeded = next(r for r in records if r["logger"] == "celery.app.trace" and r["task_id"] == ping["task_id"])
    assert "succeeded" in succeeded["message"] and succeeded["request_id"] == "req-from-the-web"
    assert any(r["message"].endswith(" ready.") for r in records)  # the worker's own start-up line
