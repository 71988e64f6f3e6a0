from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.page_base import PortalPageMixin
from translation import views
from translation.models import GlossaryTerm


class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "pick"
    menu_label = "Glossary"
    add_to_admin_menu = True
    menu_order = 320
    list_display = ["term", "do_not_translate", "note"]
    list_filter = ["do_not_translate"]
    search_fields = ["term"]


register_snippet(GlossaryViewSet)


@hooks.register("register_admin_urls")
def register_translation_urls():
    return [
        path("translations/", views.job_list, name="translation_jobs"),
        path("translations/page/<int:page_id>/", views.page_translations, name="translation_page"),
        path("translations/page/<int:page_id>/run/", views.run_translations, name="translation_run"),
    ]


class JobsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.is_secretariat(request.user)


@hooks.register("register_reports_menu_item")
def register_jobs_menu_item():
    return JobsMenuItem("Translation jobs", reverse("translation_jobs"), icon_name="globe", order=900)


class TranslationsButton(PageMenuItem):
    label = "Translations"
    icon_name = "globe"
    url_name = "translation_page"

    def is_shown(self, user):
        return (
            isinstance(self.page.specific_deferred, PortalPageMixin) and self.page.permissions_for_user(user).can_edit()
        )


def _translation_button(page, user, priority):
    yield TranslationsButton(page=page, priority=priority)


@hooks.register("register_page_header_buttons")
def translations_header_button(page, user, view_name, next_url=None):
    yield from _translation_button(page, user, priority=66)


@hooks.register("register_page_listing_more_buttons")
def translations_listing_button(page, user, next_url=None):
    yield from _translation_button(page, user, priority=55)


@hooks.register("construct_homepage_panels")
def add_translation_panels(request, panels):
    from translation.dashboard import panels_for

    panels.extend(panels_for(request.user))
