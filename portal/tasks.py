from celery import shared_task
from django.core.management import call_command


@shared_task(acks_late=True)
def publish_scheduled_pages():
    """Publish pages whose go-live date has passed and unpublish expired ones."""
    call_command("publish_scheduled")
