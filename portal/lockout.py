"""Login lock-out (django-axes): the page a locked-out client sees, and the Secretariat's list
of lock-outs in the admin (Settings › Login lock-outs) with an "Unlock" action.

Admin strings are plain English, like the rest of the portal-specific admin text; the lock-out
page itself is translated, as delegates see it too."""

import ipaddress
import math

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from rest_framework.throttling import BaseThrottle
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies.base import ModelPermissionPolicy

from portal.roles import SECRETARIAT


def client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: the address DRF's throttles use, so NUM_PROXIES means one thing.

    Not an address (a proxy passing on junk)? REMOTE_ADDR: the attempt is still counted, and
    PostgreSQL's inet column is never handed a string it refuses."""
    ident = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(ident))
    except ValueError:
        return request.META.get("REMOTE_ADDR")


# --- The lock-out page -------------------------------------------------------------------


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: "too many attempts" (HTTP 429), in the admin's look or the site's."""
    cool_off = get_cool_off(request)
    minutes = math.ceil(cool_off.total_seconds() / 60) if cool_off else None
    admin = request.path_info.startswith(reverse("wagtailadmin_home"))
    response = TemplateResponse(
        request,
        "portal/lockout.html",
        {
            "base_template": "wagtailadmin/admin_base.html" if admin else "base.html",
            "admin": admin,
            "minutes": minutes,
            "login_url": reverse("wagtailadmin_login") if admin else reverse("delegate_login"),
        },
        status=429,
    )
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response.render()


# --- The Secretariat's list --------------------------------------------------------------


def is_secretariat(user):
    return user.is_active and (user.is_superuser or user.groups.filter(name=SECRETARIAT).exists())


class SecretariatOnly(ModelPermissionPolicy):
    """Read and unlock, for the Secretariat: attempts are written by logins only."""

    actions = {"view", "unlock"}

    def user_has_permission(self, user, action):
        return action in self.actions and is_secretariat(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def locked_until(attempt):
    """When the lock-out of this username and address ends, or None if it is not locked."""
    if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return None
    cool_off = get_cool_off()
    until = attempt.attempt_time + cool_off if cool_off else None
    if until is not None and until <= timezone.now():
        return None
    return until or "until unlocked"


def lock_state(attempt):
    until = locked_until(attempt)
    if until is None:
        return "Not locked"
    if isinstance(until, str):
        return "Locked until unlocked"
    return f"Locked until {timezone.localtime(until):%Y-%m-%d %H:%M}"


class AttemptIndexView(generic.IndexView):
    unlock_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("unlock"):
            buttons.append(
                Button("Unlock", url=reverse(self.unlock_url_name, args=[instance.pk]), icon_name="lock-open")
            )
        return buttons


class UnlockView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET), then forget the failed attempts of this username from this address (POST)."""

    model = AccessAttempt  # PermissionCheckedMixin finds the policy through it; without it, no check
    permission_required = "unlock"
    template_name = "portal/lockout_unlock.html"
    header_icon = "lock-open"
    page_title = "Unlock login"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        self.attempt = get_object_or_404(AccessAttempt, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "attempt": self.attempt,
            "index_url": reverse(self.index_url_name),
        }

    def post(self, request, *args, **kwargs):
        AxesProxyHandler.reset_attempts(ip_address=self.attempt.ip_address, username=self.attempt.username)
        messages.success(request, f"“{self.attempt.username}” can log in again from {self.attempt.ip_address}.")
        return redirect(self.index_url_name)


class LoginLockoutViewSet(ModelViewSet):
    """Registered with SecretariatOnly as AccessAttempt's permission policy (wagtail_hooks)."""

    model = AccessAttempt
    icon = "lock"
    menu_label = "Login lock-outs"
    name = "login_lockouts"
    add_to_admin_menu = False
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    index_view_class = AttemptIndexView
    search_fields = ["username", "ip_address"]
    list_display = [
        "username",  # the title column: links to the details, with the row's Unlock button
        Column("ip_address", label="Address"),
        Column("failures_since_start", label="Failed logins"),
        Column("state", label="State", accessor=lock_state),
        DateColumn("attempt_time", label="Last attempt"),
        Column("path_info", label="Login page"),
    ]
    form_fields = []  # never edited or added: the policy grants neither
    inspect_view_fields = ["username", "ip_address", "failures_since_start", "attempt_time", "path_info", "user_agent"]

    def get_permissions_to_register(self):
        return Permission.objects.none()  # nothing to grant in the group editor: the policy decides

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(unlock_url_name=self.get_url_name("unlock"), **kwargs)

    @property
    def unlock_view(self):
        return self.construct_view(UnlockView, index_url_name=self.get_url_name("index"))

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("unlock/<int:pk>/", self.unlock_view, name="unlock")]
