from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cities.models import Country


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
