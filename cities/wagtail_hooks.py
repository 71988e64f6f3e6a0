from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cities.models import Country
from cities.views import invite_editor


class CountryViewSet(SnippetViewSet):
    model = Country
    icon = "globe"
    menu_label = "Countries"
    add_to_admin_menu = True
    menu_order = 300
    list_display = ["name", "iso_code", "is_asean_member"]
    list_filter = ["is_asean_member"]
    search_fields = ["name", "iso_code"]


register_snippet(CountryViewSet)


@hooks.register("register_admin_urls")
def register_invite_url():
    return [path("invite-editor/", invite_editor, name="invite_editor")]


class InviteEditorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("auth.add_user")


@hooks.register("register_settings_menu_item")
def register_invite_menu_item():
    return InviteEditorMenuItem(
        "Invite a city editor",
        reverse("invite_editor"),
        icon_name="mail",
        order=610,
        name="invite-editor",
    )
