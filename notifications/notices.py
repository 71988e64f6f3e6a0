"""Notices to the secretariat (failed translation jobs, disabled webhooks) and Wagtail's own
moderation e-mails, written to the outbox instead of sent during the request.

Notices are rendered when written, in each recipient's admin language for Wagtail's
moderation e-mails (Wagtail translates those); the portal's own notices are in English,
like the rest of the admin's portal-specific text."""

import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override
from wagtail.admin import mail as wagtail_mail

from notifications import outbox
from notifications.emails import absolute
from notifications.models import OutboxEmail
from portal.roles import SECRETARIAT


def secretariat_addresses():
    users = get_user_model().objects.filter(groups__name=SECRETARIAT, is_active=True).exclude(email="")
    addresses = {user.email.lower() for user in users}
    if settings.SECRETARIAT_EMAIL:
        addresses.add(settings.SECRETARIAT_EMAIL.lower())
    return sorted(addresses)


def notice(key, to, subject, text, html=""):
    return OutboxEmail(
        key=f"notice:{key}:{to}"[:200], kind=OutboxEmail.Kind.NOTICE, to=to, subject=subject, text=text, html=html
    )


def city_editor_addresses(translation_key):
    """The addresses of the active editors of the city with this translation key (its team)."""
    users = (
        get_user_model()
        .objects.filter(groups__city_team__translation_key=translation_key, is_active=True)
        .exclude(email="")
    )
    return sorted({user.email.lower() for user in users})


def tell(key, addresses, template, context):
    """One outbox e-mail per address, rendered from notifications/emails/notices/<template>
    (_subject.txt and .txt); `key` makes telling twice a no-op. Returns the rows written."""
    context = {**context, "admin_url": absolute("/admin/")}
    subject = " ".join(render_to_string(f"notifications/emails/notices/{template}_subject.txt", context).split())
    text = render_to_string(f"notifications/emails/notices/{template}.txt", context)
    rows = [notice(key, address, subject, text) for address in addresses]
    outbox.write(rows)
    return len(rows)


def tell_secretariat(key, template, context):
    """One outbox e-mail per secretariat address; `key` makes telling twice a no-op."""
    return tell(key, secretariat_addresses(), template, context)


def tell_city_editors(key, city_translation_key, template, context):
    """One outbox e-mail per editor of a city; `key` makes telling twice a no-op."""
    return tell(key, city_editor_addresses(city_translation_key), template, context)


def translation_failed(job):
    context = {"job": job, "jobs_url": absolute(reverse("translation_jobs"))}
    return tell_secretariat(f"translation-failed:{job.pk}:{job.attempts}", "translation_failed", context)


def webhook_disabled(endpoint):
    stamp = endpoint.disabled_at.timestamp() if endpoint.disabled_at else ""
    return tell_secretariat(f"webhook-disabled:{endpoint.pk}:{stamp}", "webhook_disabled", {"endpoint": endpoint})


class OutboxNotifierMixin:
    """Wagtail's moderation notifiers, writing to the outbox: the submitter's request does
    not wait for (or fail with) the mail server, and nothing is lost when it is down."""

    def send_notifications(self, template_set, context, recipients, **kwargs):
        batch = uuid.uuid4().hex
        rows = []
        for recipient in recipients:
            context["user"] = recipient
            with override(recipient.wagtail_userprofile.get_preferred_language()):
                subject = render_to_string(template_set["subject"], context).strip()
                text = render_to_string(template_set["text"], context).strip()
                html = ""
                if getattr(settings, "WAGTAILADMIN_NOTIFICATION_USE_HTML", False):
                    html = render_to_string(template_set["html"], context)
            rows.append(notice(f"wagtail-{self.notification}:{batch}", recipient.email, subject, text, html))
        outbox.write(rows)
        return True


def outbox_notifier(notifier_class):
    return type(f"Outbox{notifier_class.__name__}", (OutboxNotifierMixin, notifier_class), {})()


# Wagtail connects its notifiers in wagtail.admin's ready(), which runs after ours
# (INSTALLED_APPS order). Connecting first with the same dispatch_uid makes Wagtail's
# own connect() a no-op: these replace them rather than run beside them.
WAGTAIL_NOTIFIERS = [
    (
        "task_submitted",
        "TaskState",
        wagtail_mail.GroupApprovalTaskStateSubmissionEmailNotifier,
        "group_approval_task_submitted_email_notification",
    ),
    (
        "workflow_submitted",
        "WorkflowState",
        wagtail_mail.WorkflowStateSubmissionEmailNotifier,
        "workflow_state_submitted_email_notification",
    ),
    (
        "workflow_rejected",
        "WorkflowState",
        wagtail_mail.WorkflowStateRejectionEmailNotifier,
        "workflow_state_rejected_email_notification",
    ),
    (
        "workflow_approved",
        "WorkflowState",
        wagtail_mail.WorkflowStateApprovalEmailNotifier,
        "workflow_state_approved_email_notification",
    ),
]


def route_moderation_emails_through_outbox():
    from wagtail import models, signals

    for signal_name, sender_name, notifier_class, dispatch_uid in WAGTAIL_NOTIFIERS:
        getattr(signals, signal_name).connect(
            outbox_notifier(notifier_class), sender=getattr(models, sender_name), dispatch_uid=dispatch_uid, weak=False
        )
