from wagtail import hooks

from notifications import webhooks_admin


@hooks.register("register_admin_viewset")
def register_webhook_admin():
    return webhooks_admin.viewsets
