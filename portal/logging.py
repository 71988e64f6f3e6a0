"""One log format for the web processes and the Celery workers and beat, with the id of the
request a line belongs to, carried from the request into the tasks it enqueues.

settings.LOGGING uses the formatters and the filter below; portal/celery.py connects the
Celery signal handlers, so a worker's lines (its own and its tasks') come out the same way.
"""

import logging
import logging.config
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

# The request being served (web) or the request that enqueued the running task (worker).
request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
# (task id, task name) of the task a worker is running.
task_var: ContextVar[tuple[str, str] | None] = ContextVar("task", default=None)

REQUEST_ID_HEADER = "X-Request-ID"
# The task message header that carries the request id to the worker.
TASK_HEADER = "portal_request_id"
# Ids from a proxy or load balancer are kept if they look like ids (uuids, hex, AWS trace
# ids); anything else is replaced, so a client cannot write arbitrary text into the logs.
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:;=+/@-]{1,200}")


def valid_request_id(value):
    """The incoming id if it is safe to log and echo, else None."""
    if value and _VALID_REQUEST_ID.fullmatch(value):
        return value
    return None


def new_request_id():
    return uuid.uuid4().hex


def clear_request_id(**kwargs):
    """request_finished: lines logged between requests belong to none."""
    request_id_var.set(None)


class ContextFilter(logging.Filter):
    """Puts request_id, task_id and task_name on every record (None outside a request or task).

    Celery's own lines about a task ("received", "succeeded") carry the task in
    `extra={"data": {...}}`; those fill task_id and task_name too."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        task = task_var.get()
        data = getattr(record, "data", None)
        if task is None and isinstance(data, dict) and "id" in data and "name" in data:
            task = (data["id"], data["name"])
        record.task_id, record.task_name = task or (None, None)
        return True


def _iso_time(record):
    return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time (ISO 8601, UTC), level, logger, message, request_id,
    task_id, task_name, then any `extra` fields; a traceback is one `exception` string."""

    FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s %(task_name)s"
    # Objects Django and Celery pass as extra for their own handlers: an HttpRequest or a
    # socket (its repr says nothing), Celery's context (already in the message and task fields).
    SKIPPED_EXTRAS = ["request", "server_time", "data"]

    def __init__(self, **kwargs):
        from pythonjsonlogger.core import RESERVED_ATTRS

        kwargs.setdefault("fmt", self.FIELDS)
        kwargs.setdefault(
            "rename_fields",
            {"asctime": "time", "levelname": "level", "name": "logger", "exc_info": "exception"},
        )
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "taskName", *self.SKIPPED_EXTRAS])
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(**kwargs)

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's name)
        return _iso_time(record)


class TextFormatter(logging.Formatter):
    """For people at a console (the default with DEBUG on): the same fields, on one line."""

    def __init__(self, **kwargs):
        kwargs.setdefault("fmt", "%(asctime)s %(levelname)-7s %(name)s %(context)s%(message)s")
        super().__init__(**kwargs)

    def formatTime(self, record, datefmt=None):  # noqa: N802
        return _iso_time(record)

    def format(self, record):
        context = []
        if getattr(record, "request_id", None):
            context.append(f"request={record.request_id}")
        if getattr(record, "task_id", None):
            context.append(f"task={record.task_name}[{record.task_id}]")
        record.context = f"[{' '.join(context)}] " if context else ""
        return super().format(record)


# --- Celery signal handlers (connected in portal/celery.py) ---------------------------


def configure_celery_logging(**kwargs):
    """setup_logging: with a receiver, Celery leaves the root logger alone and the worker
    and beat log through settings.LOGGING like the web processes."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


def add_request_id_to_task(headers=None, **kwargs):
    """before_task_publish: the enqueuing request's id travels in the message headers."""
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


# task id -> the tokens that undo what task_prerun set (tasks can nest when run eagerly).
_task_tokens = {}


def enter_task_context(task_id=None, task=None, **kwargs):
    """task_prerun: the task's lines carry its id, name and the request id it came with.
    A task run in-process (eagerly) without the header keeps the caller's request id."""
    request_id = getattr(task.request, TASK_HEADER, None) or request_id_var.get()
    _task_tokens[task_id] = (request_id_var.set(request_id), task_var.set((task_id, task.name)))


def leave_task_context(task_id=None, **kwargs):
    """task_postrun: back to what was there before the task (nothing, in a worker)."""
    tokens = _task_tokens.pop(task_id, None)
    if tokens:
        request_token, task_token = tokens
        task_var.reset(task_token)
        request_id_var.reset(request_token)
