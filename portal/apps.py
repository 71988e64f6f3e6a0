from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal.roles import ensure_roles_after_migrate

        # Once, after the last app has migrated: groups need every app's permissions.
        post_migrate.connect(ensure_roles_after_migrate, dispatch_uid="portal.ensure_roles")
