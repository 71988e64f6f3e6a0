"""Admin for partner webhooks: endpoints and their deliveries, for the secretariat only
(model permissions granted to the Secretariat group in portal/roles.py; superusers have all).

Admin strings are plain English, like the rest of the portal-specific admin text."""

from django import forms
from django.contrib import messages
from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button

from notifications import webhooks
from notifications.models import WebhookDelivery, WebhookEndpoint

# --- Endpoints -------------------------------------------------------------------------


def endpoint_state(endpoint):
    if not endpoint.active:
        return "Inactive"
    if endpoint.disabled_at:
        return f"Disabled since {timezone.localtime(endpoint.disabled_at):%Y-%m-%d %H:%M}"
    if endpoint.failing_since:
        return f"Active, failing since {timezone.localtime(endpoint.failing_since):%Y-%m-%d %H:%M}"
    return "Active"


class WebhookEndpointForm(WagtailAdminModelForm):
    url = forms.URLField(
        label="URL", max_length=500, assume_scheme="https", help_text=WebhookEndpoint._meta.get_field("url").help_text
    )
    events = forms.MultipleChoiceField(
        choices=WebhookEndpoint.Event.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="The event types sent to this endpoint",
    )
    enable_again = forms.BooleanField(
        required=False,
        label="Enable again",
        help_text="The endpoint was disabled after failing for too long. Tick once the partner has fixed "
        "their side: new events are sent again (earlier failed deliveries can be retried one by one).",
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "events", "secret", "active"]
        help_texts = {
            "secret": "Give this to the partner: it signs every delivery (X-Portal-Signature). Changing it "
            "takes effect with the next delivery. See docs/webhooks.md for how partners verify it.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["secret"].widget = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
        if not (self.instance.pk and self.instance.disabled_at):
            del self.fields["enable_again"]
        else:
            self.fields["enable_again"].help_text = (
                f"{self.instance.disabled_reason} — " + self.fields["enable_again"].help_text
            )

    def clean_url(self):
        url = self.cleaned_data["url"]
        webhooks.validate_url(url)
        return url

    def save(self, commit=True):
        endpoint = super().save(commit=False)
        if self.cleaned_data.get("enable_again"):
            endpoint.disabled_at = None
            endpoint.disabled_reason = ""
            endpoint.failing_since = None
        if commit:
            endpoint.save()
        return endpoint


class EndpointIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().annotate(last_delivery_at=Max("deliveries__created_at"))


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = "Endpoints"
    add_to_admin_menu = False
    copy_view_enabled = False
    add_to_reference_index = False
    index_view_class = EndpointIndexView
    search_fields = ["name", "url"]
    list_display = [
        "name",
        Column("url", label="URL"),
        Column("events", label="Events", accessor=lambda endpoint: ", ".join(endpoint.events)),
        Column("state", label="State", accessor=endpoint_state),
        DateColumn("last_delivery_at", label="Last delivery"),
    ]

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm


# --- Deliveries ------------------------------------------------------------------------


class DeliveryIndexView(generic.IndexView):
    retry_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("endpoint")

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.state == WebhookDelivery.State.FAILED and self.user_has_permission("change"):
            buttons.append(
                Button(
                    "Retry",
                    url=reverse(self.retry_url_name, args=[instance.pk]),
                    icon_name="rotate",
                    priority=10,
                )
            )
        return buttons


class RetryDeliveryView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET), then put a failed delivery back in the queue, due now (POST)."""

    permission_required = "change"
    template_name = "notifications/admin/webhooks_retry.html"
    header_icon = "rotate"
    page_title = "Retry webhook delivery"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        self.delivery = get_object_or_404(WebhookDelivery.objects.select_related("endpoint"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "delivery": self.delivery,
            "index_url": reverse(self.index_url_name),
        }

    def post(self, request, *args, **kwargs):
        if webhooks.retry(WebhookDelivery.objects.filter(pk=self.delivery.pk)):
            messages.success(request, f"“{self.delivery}” is queued again and will be sent now.")
        else:
            messages.warning(request, "Only failed deliveries can be retried; this one is not failed.")
        return redirect(self.index_url_name)


class WebhookDeliveryViewSet(ModelViewSet):
    """Read-only: the deliveries are written by publishing and by the workers."""

    model = WebhookDelivery
    icon = "list-ul"
    menu_label = "Deliveries"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    index_view_class = DeliveryIndexView
    list_filter = ["endpoint", "state", "event"]
    list_display = [
        "event",  # the title column: links to the details, with the row's buttons (Retry)
        Column("endpoint", label="Endpoint"),
        Column("state", label="State", accessor="get_state_display"),
        Column("attempts", label="Attempts"),
        Column("response_code", label="Response"),
        Column("latency_ms", label="Latency (ms)"),
        Column("last_error", label="Last error"),
        DateColumn("created_at", label="Created"),
        DateColumn("delivered_at", label="Delivered"),
    ]
    inspect_view_fields = [
        "endpoint",
        "event",
        "key",
        "event_id",
        "state",
        "attempts",
        "not_before",
        "response_code",
        "latency_ms",
        "last_error",
        "created_at",
        "delivered_at",
        "payload",
    ]

    def get_common_view_kwargs(self, **kwargs):
        # No add, edit, copy or delete: only the list, the details and "Retry".
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, "copy_url_name": None, **kwargs}
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(retry_url_name=self.get_url_name("retry"), **kwargs)

    @cached_property
    def retry_view(self):
        return RetryDeliveryView.as_view(
            permission_policy=self.permission_policy,
            index_url_name=self.get_url_name("index"),
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/<int:pk>/", self.retry_view, name="retry"),
        ]


class WebhooksViewSetGroup(ModelViewSetGroup):
    menu_label = "Webhooks"
    menu_icon = "link-external"
    menu_order = 910
    items = [WebhookEndpointViewSet("webhook_endpoints"), WebhookDeliveryViewSet("webhook_deliveries")]


viewsets = [WebhooksViewSetGroup()]
