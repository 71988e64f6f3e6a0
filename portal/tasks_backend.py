"""django-tasks backend for Wagtail's background tasks: django-tasks-fennel's Celery backend,
sending the job only once the transaction that asked for it has committed, and doing it on
the spot when the broker cannot take it.

Wagtail enqueues search- and reference-index jobs in post_save, inside the publishing
transaction; sent at once, a worker could run them before the commit and index the old
content (or miss a new page). django-tasks-fennel 0.1 sends immediately, so `enqueue` is
its own, with the send deferred by `transaction.on_commit` (pinned version: re-check on upgrade).

With the broker unreachable (Redis down) the job runs in the web process instead, after the
commit: Wagtail's jobs are small (index one object, delete one file) and idempotent, and
running one is simpler and surer than remembering it for later — a dropped search-index
update would leave the page unfindable until someone republished it. The publishing
request takes a little longer; it does not fail. A job with a future `run_after` cannot be
done early: it is logged as lost (Wagtail's own jobs never set one).
"""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks_fennel import backend as fennel
from django_tasks_fennel.compat import TaskContext, TaskResult, TaskResultStatus, get_random_id, task_enqueued

from portal import broker

logger = logging.getLogger(__name__)


class OnCommitCeleryBackend(fennel.CeleryBackend):
    def check(self, **kwargs):
        # Fennel warns that task priorities need RabbitMQ. Wagtail's tasks don't rely on
        # them and the warning has no id to silence, so `check --deploy` would never be clean.
        for message in super().check(**kwargs):
            if "priority support requires" not in message.msg:
                yield message

    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        task_id = get_random_id()
        enqueued_at = timezone.now()
        options = {
            "task_id": task_id,
            "eta": task.run_after,
            "priority": fennel._map_priority(task.priority),
            "headers": {fennel.DJANGO_TASKS_PRIORITY_HEADER: task.priority},
        }
        if task.queue_name:
            options["queue"] = task.queue_name
        name = fennel._to_celery_name(task.module_path)
        result = TaskResult(
            task=task,
            id=task_id,
            status=TaskResultStatus.READY,
            enqueued_at=enqueued_at,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )

        def send():
            # The enqueue info lives in the result backend (Redis too): written here, after
            # the commit, so that an unreachable Redis fails the send, not the transaction.
            fennel._store_enqueue_info(task_id, task.module_path, args, kwargs, enqueued_at)
            fennel.celery_app.send_task(name, args=args, kwargs=kwargs, **options)

        def send_or_run():
            if not broker.send(send, what=f"Wagtail task {task.module_path}"):
                run_here(task, result)

        transaction.on_commit(send_or_run)
        task_enqueued.send(type(self), task_result=result)
        return result


def run_here(task, result):
    """Do the job in this process (the broker would not take it); never raises: the
    transaction that asked for it has committed and must not turn into an error page."""
    if task.run_after is not None and task.run_after > timezone.now():
        logger.error("Lost Wagtail task %s (due at %s): the broker is unreachable.", task.module_path, task.run_after)
        return
    try:
        if task.takes_context:
            task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
        else:
            task.call(*result.args, **result.kwargs)
    except Exception:
        logger.exception("Wagtail task %s failed while run in the web process", task.module_path)
    else:
        logger.info("Ran Wagtail task %s in the web process: the broker is unreachable.", task.module_path)
