from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from casestudies.models import FocusArea, Organisation, SustainableDevelopmentGoal


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "country", "website"]
    list_filter = ["kind", "country"]
    list_export = ["name", "kind", "country", "website"]
    search_fields = ["name"]


class FocusAreaViewSet(SnippetViewSet):
    model = FocusArea
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]


class SDGViewSet(SnippetViewSet):
    model = SustainableDevelopmentGoal
    icon = "list-ol"
    list_display = ["number", "name"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = "Taxonomy"
    menu_icon = "tag"
    menu_order = 310
    items = (OrganisationViewSet, FocusAreaViewSet, SDGViewSet)


register_snippet(TaxonomyGroup)
