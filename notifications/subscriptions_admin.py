"""Admin for subscriptions and the e-mail outbox, for the secretariat only (model permissions
granted to the Secretariat group in portal/roles.py; superusers have all):

- Overview: subscribers per interest, frequency and language; the outbox by kind and state.
- Subscribers: find, correct or remove an address (e.g. on its owner's request).
- Outbox: every e-mail owed, sent, waiting or failed with its reason, and "Retry failed".

Admin strings are plain English, like the rest of the portal-specific admin text."""

from django.contrib import messages
from django.db.models import Count, Exists, Min, OuterRef
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from casestudies.models import FocusArea
from cities.models import CityPage, Country
from notifications import outbox
from notifications.models import OutboxEmail, Subscriber

subscriber_permissions = ModelPermissionPolicy(Subscriber)
outbox_permissions = ModelPermissionPolicy(OutboxEmail)


def interests(subscriber):
    names = [str(area) for area in subscriber.focus_areas.all()]
    names += [country.name for country in subscriber.countries.all()]
    names += [city.title for city in subscriber.cities.all()]
    return ", ".join(names) or "Everything"


# --- Overview ------------------------------------------------------------------------


def per_interest(model, label):
    """(name, subscribers) for each item of `model` followed by someone, most followed first."""
    rows = model.objects.annotate(followers=Count("email_subscribers")).filter(followers__gt=0)
    return [(label(item), item.followers) for item in rows.order_by("-followers")]


class OverviewView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    permission_policy = subscriber_permissions
    permission_required = "view"
    template_name = "notifications/admin/overview.html"
    page_title = "Subscriptions and e-mail"
    header_icon = "mail"

    def get_context_data(self, **kwargs):
        subscribers = Subscriber.objects.all()
        chose = [Exists(getattr(Subscriber, name).through.objects.filter(subscriber=OuterRef("pk")))
                 for name in ("focus_areas", "countries", "cities")]  # fmt: skip
        by_state = {}
        for kind, state, count in OutboxEmail.objects.values_list("kind", "state").annotate(n=Count("pk")):
            by_state.setdefault(kind, {})[state] = count
        return {
            **super().get_context_data(**kwargs),
            "total": subscribers.count(),
            "everything": subscribers.exclude(chose[0] | chose[1] | chose[2]).count(),
            "frequencies": subscribers.values_list("frequency").annotate(n=Count("pk")).order_by("-n"),
            "languages": subscribers.values_list("language").annotate(n=Count("pk")).order_by("-n"),
            "focus_areas": per_interest(FocusArea, str),
            "countries": per_interest(Country, lambda country: country.name),
            "cities": per_interest(CityPage, lambda city: city.title),
            "states": OutboxEmail.State.choices,
            "kinds": [(kind, label, by_state.get(kind, {})) for kind, label in OutboxEmail.Kind.choices],
            "oldest_pending": OutboxEmail.objects.filter(state=OutboxEmail.State.PENDING).aggregate(
                at=Min("created_at")
            )["at"],
            "failed": OutboxEmail.objects.filter(state=OutboxEmail.State.FAILED).order_by("-pk")[:20],
            "outbox_url": reverse("outbox:index"),
            "retry_url": reverse("outbox:retry_failed"),
            "can_retry": outbox_permissions.user_has_permission(self.request.user, "change"),
        }


class OverviewMenuItem(MenuItem):
    def is_shown(self, request):
        return subscriber_permissions.user_has_permission(request.user, "view")


class OverviewViewSet(ViewSet):
    name = "subscriptions_overview"
    icon = "mail"
    menu_label = "Overview"
    menu_icon = "mail"

    def get_urlpatterns(self):
        return [path("", OverviewView.as_view(), name="index")]

    @property
    def menu_url(self):
        return reverse(self.get_url_name("index"))

    def get_menu_item(self, order=None):
        return OverviewMenuItem(self.menu_label, self.menu_url, icon_name=self.menu_icon, order=order or 100)


# --- Subscribers -----------------------------------------------------------------------


class SubscriberIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("focus_areas", "countries", "cities")


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = "Subscribers"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    index_view_class = SubscriberIndexView
    search_fields = ["email"]
    list_filter = ["frequency", "language"]
    list_display = [
        "email",
        Column("language", label="Language", accessor="get_language_display"),
        Column("frequency", label="Frequency", accessor="get_frequency_display"),
        Column("interests", label="Interests", accessor=interests),
        DateColumn("confirmed_at", label="Confirmed"),
    ]
    form_fields = ["language", "frequency", "focus_areas", "countries", "cities"]

    def get_common_view_kwargs(self, **kwargs):
        # People subscribe themselves (double opt-in): the secretariat corrects or removes.
        return super().get_common_view_kwargs(**{"add_url_name": None, **kwargs})


# --- Outbox ----------------------------------------------------------------------------


class OutboxIndexView(generic.IndexView):
    retry_url_name = None

    def get_base_queryset(self):
        return super().get_base_queryset().defer("text", "html")

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if outbox_permissions.user_has_permission(self.request.user, "change"):
            buttons.append(HeaderButton("Retry failed", url=reverse(self.retry_url_name), icon_name="rotate"))
        return buttons


class RetryFailedView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Confirm (GET), then put every failed e-mail back in the queue, due now (POST)."""

    permission_policy = outbox_permissions
    permission_required = "change"
    template_name = "notifications/admin/outbox_retry.html"
    page_title = "Retry failed e-mails"
    header_icon = "rotate"

    def get_context_data(self, **kwargs):
        failed = OutboxEmail.objects.filter(state=OutboxEmail.State.FAILED)
        return {**super().get_context_data(**kwargs), "count": failed.count(), "index_url": reverse("outbox:index")}

    def post(self, request, *args, **kwargs):
        count = outbox.retry_failed()
        messages.success(request, f"{count} failed e-mail{'s' if count != 1 else ''} queued again.")
        return redirect("outbox:index")


class OutboxViewSet(ModelViewSet):
    """Read-only: rows are written by publishing, digests and notices, and sent by workers."""

    model = OutboxEmail
    icon = "mail"
    menu_label = "Outbox"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    index_view_class = OutboxIndexView
    search_fields = ["to", "subject"]
    list_filter = ["state", "kind"]
    list_display = [
        "to",
        Column("kind", label="Kind", accessor="get_kind_display"),
        Column("state", label="State", accessor="get_state_display"),
        Column("attempts", label="Attempts"),
        Column("last_error", label="Reason / last error"),
        DateColumn("created_at", label="Created"),
        DateColumn("sent_at", label="Sent"),
    ]
    inspect_view_fields = [
        "key", "kind", "state", "to", "announcement", "digest", "subject", "attempts", "last_error",
        "not_before", "claimed_until", "created_at", "sent_at",
    ]  # fmt: skip

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            **{"add_url_name": None, "edit_url_name": None, "delete_url_name": None, "copy_url_name": None, **kwargs}
        )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(retry_url_name=self.get_url_name("retry_failed"), **kwargs)

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/", RetryFailedView.as_view(), name="retry_failed"),
        ]


class SubscriptionsViewSetGroup(ModelViewSetGroup):
    menu_label = "Subscriptions"
    menu_icon = "mail"
    menu_order = 900
    items = [OverviewViewSet(), SubscriberViewSet("subscribers"), OutboxViewSet("outbox")]


viewsets = [SubscriptionsViewSetGroup()]
