"""The Celery application: settings come from Django's, under the CELERY_ namespace."""

import os

from celery import Celery, signals

from portal import logging as portal_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Workers and beat log like the web processes (settings.LOGGING, JSON lines in production),
# and a task's lines carry the id of the request that enqueued it (portal/logging.py).
signals.setup_logging.connect(portal_logging.configure_celery_logging, weak=False)
signals.before_task_publish.connect(portal_logging.add_request_id_to_task, weak=False)
signals.task_prerun.connect(portal_logging.enter_task_context, weak=False)
signals.task_postrun.connect(portal_logging.leave_task_context, weak=False)
