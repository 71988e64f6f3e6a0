"""Two-factor authentication (TOTP, with backup codes) for the Wagtail admin, on django-otp.

Required for superusers and the groups in TWO_FACTOR_REQUIRED_GROUPS (the Secretariat),
available to every other editor from their account page. A session that has passed the
password but not yet the second factor reaches only the verify and set-up pages of the
admin, and counts as logged out on the public site (delegates-only documents included).

Admin strings are plain English, like the rest of the portal-specific admin text."""

import math
from base64 import b32encode

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10
AUTHENTICATOR_NAME = "Authenticator app"
BACKUP_DEVICE_NAME = "Backup codes"

# Admin URLs a half-logged-in user may still open: the two-factor pages, logging out, and
# what those pages load (icons, the JavaScript catalogue).
OPEN_ADMIN_URL_NAMES = {
    "two_factor_verify",
    "two_factor_setup",
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}


# --- Who needs what ------------------------------------------------------------------


def is_required_for(user):
    """Superusers and members of TWO_FACTOR_REQUIRED_GROUPS must use a second factor."""
    return user.is_superuser or user.groups.filter(name__in=settings.TWO_FACTOR_REQUIRED_GROUPS).exists()


def has_authenticator(user):
    return user_has_device(user)


def next_step(user):
    """What a logged-in but unverified user must do: "verify", "setup", or None (nothing)."""
    # A user object fresh from a password login has no is_verified (OTPMiddleware adds it): unverified.
    if not user.is_authenticated or getattr(user, "is_verified", lambda: False)():
        return None
    if has_authenticator(user):
        return "verify"
    if is_required_for(user):
        return "setup"
    return None


def step_url(step, next_url=""):
    url = reverse(f"two_factor_{step}")
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


class TwoFactorMiddleware:
    """After django_otp's OTPMiddleware: keeps the admin closed until the second factor is given."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        if not request.path_info.startswith(self.admin_prefix):
            # Lazily, so pages that never look at the user keep no Vary: Cookie.
            user = request.user
            request.user = SimpleLazyObject(lambda: _logged_out() if next_step(user) else user)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith(self.admin_prefix):
            return None
        if request.resolver_match.url_name in OPEN_ADMIN_URL_NAMES:
            return None
        step = next_step(request.user)
        if step is None:
            return None
        return redirect(step_url(step, request.get_full_path()))


def _logged_out():
    user = AnonymousUser()
    user.otp_device = None
    user.is_verified = lambda: False
    return user


# --- Codes -----------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        help_text="The 6-digit code your authenticator app shows now, or one of your backup codes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false", "autocapitalize": "off"}
        ),
    )

    def __init__(self, *args, user, devices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.devices = devices  # None: the user's confirmed devices
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split()).lower()
        self.device, locked_until = check_code(self.user, code, self.devices)
        if self.device is None:
            if locked_until:
                seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
                raise forms.ValidationError(
                    f"Too many wrong codes: try again in {seconds} second{pluralize(seconds)}, "
                    "with the code your app shows then."
                )
            raise forms.ValidationError("That code is not right. Enter the code your app shows now.")
        return code


def check_code(user, code, devices=None):
    """The device that accepts `code`, else None and until when wrong codes throttle the check.

    Six digits are tried on authenticator apps, anything else on backup codes, so a mistyped
    code counts against one kind only. Each device's own throttle applies (django-otp)."""
    kind = TOTPDevice if code.isdigit() else StaticDevice
    locked_until = None
    with transaction.atomic():
        candidates = devices if devices is not None else devices_for_user(user, for_verify=True)
        for device in candidates:
            if not isinstance(device, kind):
                continue
            allowed, why = device.verify_is_allowed()
            if not allowed:
                locked_until = max(filter(None, [locked_until, (why or {}).get("locked_until")]), default=None)
                continue
            if device.verify_token(code):
                return device, None
    return None, locked_until


def new_backup_codes(user):
    """Replace the user's backup codes with BACKUP_CODES new ones, returned to be shown once."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def turn_off(user):
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def _safe_next(request, default):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure()):
        return next_url
    return default


def _verified(request, device):
    """The session now carries the second factor; a new session key, as after a login."""
    request.session.cycle_key()
    otp_login(request, device)


# --- Views -----------------------------------------------------------------------------


@never_cache
@sensitive_post_parameters("code")
def verify(request):
    """The second step of logging in, for a user with an authenticator."""
    home = reverse("wagtailadmin_home")
    next_url = _safe_next(request, home)
    if request.user.is_verified():
        return redirect(next_url)
    if not has_authenticator(request.user):
        return redirect(step_url("setup", next_url))
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        _verified(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(
                request,
                f"You used a backup code; {left} left. Make new ones from your account page if you are running low.",
            )
        return redirect(next_url)
    return TemplateResponse(
        request, "portal/two_factor/verify.html", {"form": form, "next": next_url, "page_title": "Two-step sign in"}
    )


@never_cache
@sensitive_post_parameters("code")
def setup(request):
    """Add an authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    next_url = _safe_next(request, reverse("wagtailadmin_home"))
    if has_authenticator(user):
        # Adding a second authenticator needs the first one: no way round the second factor.
        if not user.is_verified():
            return redirect(step_url("verify", next_url))
        messages.info(request, "Two-factor authentication is already on for your account.")
        return redirect("two_factor_manage")
    # One pending device per user, so reloading the page keeps the same key.
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
    form = CodeForm(request.POST or None, user=user, devices=[device])
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = new_backup_codes(user)
        _verified(request, device)
        return TemplateResponse(
            request,
            "portal/two_factor/backup_codes.html",
            {"codes": codes, "next": next_url, "page_title": "Your backup codes", "first_time": True},
        )
    context = {
        "form": form,
        "next": next_url,
        "required": is_required_for(user),
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code for your app"),
        "secret": " ".join(_chunks(b32encode(device.bin_key).decode(), 4)),
        "page_title": "Set up two-factor authentication",
    }
    return TemplateResponse(request, "portal/two_factor/setup.html", context)


def _chunks(text, size):
    return [text[i : i + size] for i in range(0, len(text), size)]


@never_cache
@sensitive_post_parameters("code")
def manage(request):
    """The account page's "Two-factor authentication": status, new backup codes, turn off."""
    user = request.user
    required = is_required_for(user)
    action = request.POST.get("action")
    turn_off_form = CodeForm(request.POST if action == "turn_off" else None, user=user)
    if request.method == "POST":
        if action == "backup_codes" and has_authenticator(user):
            codes = new_backup_codes(user)
            return TemplateResponse(
                request,
                "portal/two_factor/backup_codes.html",
                {"codes": codes, "next": reverse("two_factor_manage"), "page_title": "Your backup codes"},
            )
        if action == "turn_off" and not required and turn_off_form.is_valid():
            turn_off(user)
            messages.success(request, "Two-factor authentication is off for your account.")
            return redirect("two_factor_manage")
    backup_device = StaticDevice.objects.filter(user=user, name=BACKUP_DEVICE_NAME).first()
    context = {
        "enabled": has_authenticator(user),
        "required": required,
        "backup_codes_left": backup_device.token_set.count() if backup_device else 0,
        "turn_off_form": turn_off_form,
        "page_title": "Two-factor authentication",
        "header_icon": "key",
    }
    return TemplateResponse(request, "portal/two_factor/manage.html", context)


def admin_urls():
    return [
        path("two-factor/", manage, name="two_factor_manage"),
        path("two-factor/verify/", verify, name="two_factor_verify"),
        path("two-factor/setup/", setup, name="two_factor_setup"),
    ]
