from axes.models import AccessAttempt
from django.urls import reverse
from wagtail import hooks
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from portal import lockout, two_factor
from portal.api_keys import PartnerKeyViewSet
from portal.dashboard import panels_for


@hooks.register("construct_homepage_panels")
def add_portal_panels(request, panels):
    panels.extend(panels_for(request.user))


register_snippet(PartnerKeyViewSet)


@hooks.register("register_admin_urls")
def two_factor_urls():
    return two_factor.admin_urls()


@hooks.register("register_account_menu_item")
def two_factor_account_item(request):
    return {
        "url": reverse("two_factor_manage"),
        "label": "Two-factor authentication",
        "help_text": "Ask for a code from an authenticator app at every sign-in, and get backup codes.",
    }


register_permission_policy(AccessAttempt, lockout.SecretariatOnly(AccessAttempt))


@hooks.register("register_admin_viewset")
def login_lockouts():
    return lockout.LoginLockoutViewSet()
