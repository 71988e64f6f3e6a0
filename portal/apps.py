from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from wagtail.signals import page_published

        from portal.renditions import queue_page_renditions
        from portal.roles import ensure_roles_after_migrate

        # Once, after the last app has migrated: groups need every app's permissions.
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="portal.ensure_roles")
        # A worker makes a published page's image renditions before visitors ask for them.
        page_published.connect(queue_page_renditions, dispatch_uid="portal.queue_page_renditions")
