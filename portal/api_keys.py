"""Partner API keys in the Wagtail admin (Settings › Partner API keys): the secretariat
creates one per partner, sees it once, and can revoke it. Keys are stored hashed."""

from django.contrib import messages
from rest_framework_api_key.models import APIKey
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet


class PartnerKeyCreateView(CreateView):
    def save_instance(self):
        # The clear key exists only now; the database keeps its hash.
        self.clear_key = APIKey.objects.assign_key(self.form.instance)
        return super().save_instance()

    def get_success_message(self, instance):
        return None  # replaced by the persistent message below

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.warning(
            self.request,
            f"API key for “{self.object.name}”: {self.clear_key} — copy it now and send it to the partner "
            "securely. It is stored hashed and cannot be shown again.",
        )
        return response


class PartnerKeyViewSet(SnippetViewSet):
    model = APIKey
    icon = "key"
    menu_label = "Partner API keys"
    add_to_settings_menu = True
    add_view_class = PartnerKeyCreateView
    list_display = ["name", "prefix", "created", "expiry_date", "revoked"]
    list_filter = ["revoked"]
    search_fields = ["name", "prefix"]
    panels = [
        FieldPanel("name", help_text="The partner, e.g. “Thailand Digital Economy Promotion Agency”"),
        FieldPanel("expiry_date"),
        FieldPanel("revoked", help_text="A revoked key is refused at once and cannot be restored."),
    ]
