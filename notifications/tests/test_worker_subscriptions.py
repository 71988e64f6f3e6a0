"""The confirmation e-mail goes out from a real Celery worker to a real SMTP server."""

import re
import time

import pytest

from notifications.models import Subscriber
from portal.tests.test_worker import running_worker

pytestmark = pytest.mark.django_db(transaction=True)


def test_sign_up_confirmation_is_sent_by_the_worker(committed_demo_content, smtp_inbox, settings, client):
    with running_worker("test-subscriptions-worker.log", EMAIL_URL=f"smtp://127.0.0.1:{settings.EMAIL_PORT}"):
        response = client.post("/subscribe/", {"email": "worker@example.org", "language": "en", "frequency": "weekly"})
        assert response.status_code == 302
        deadline = time.monotonic() + 90
        while not smtp_inbox.to("worker@example.org") and time.monotonic() < deadline:
            time.sleep(0.5)

    (message,) = smtp_inbox.to("worker@example.org")
    path = re.search(r"(/subscribe/confirm/[^\s]+/)", message.get_body(("plain",)).get_content()).group(1)
    assert client.post(path).status_code == 302
    assert Subscriber.objects.get(email="worker@example.org").frequency == "weekly"
