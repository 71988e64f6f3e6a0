from wagtail import hooks

from notifications import subscriptions_admin, webhooks_admin


@hooks.register("register_admin_viewset")
def register_notification_admin():
    return subscriptions_admin.viewsets + webhooks_admin.viewsets
