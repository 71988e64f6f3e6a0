from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self):
        from notifications import announcements, notices  # noqa: F401  (signal receivers)

        notices.route_moderation_emails_through_outbox()
