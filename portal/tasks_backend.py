"""django-tasks backend for Wagtail's background tasks: django-tasks-fennel's Celery backend,
sending the job only once the transaction that asked for it has committed.

Wagtail enqueues search- and reference-index jobs in post_save, inside the publishing
transaction; sent at once, a worker could run them before the commit and index the old
content (or miss a new page). django-tasks-fennel 0.1 sends immediately, so `enqueue` is
its own, with the send deferred by `transaction.on_commit` (pinned version: re-check on upgrade).
"""

from django.db import transaction
from django.utils import timezone
from django_tasks_fennel import backend as fennel
from django_tasks_fennel.compat import TaskResult, TaskResultStatus, get_random_id, task_enqueued


class OnCommitCeleryBackend(fennel.CeleryBackend):
    def enqueue(self, task, args, kwargs):
        self.validate_task(task)
        task_id = get_random_id()
        enqueued_at = timezone.now()
        fennel._store_enqueue_info(task_id, task.module_path, args, kwargs, enqueued_at)
        options = {
            "task_id": task_id,
            "eta": task.run_after,
            "priority": fennel._map_priority(task.priority),
            "headers": {fennel.DJANGO_TASKS_PRIORITY_HEADER: task.priority},
        }
        if task.queue_name:
            options["queue"] = task.queue_name
        name = fennel._to_celery_name(task.module_path)
        transaction.on_commit(lambda: fennel.celery_app.send_task(name, args=args, kwargs=kwargs, **options))
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
        task_enqueued.send(type(self), task_result=result)
        return result
