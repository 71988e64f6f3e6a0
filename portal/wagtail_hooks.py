from wagtail import hooks
from wagtail.snippets.models import register_snippet

from portal.api_keys import PartnerKeyViewSet
from portal.dashboard import panels_for


@hooks.register("construct_homepage_panels")
def add_portal_panels(request, panels):
    panels.extend(panels_for(request.user))


register_snippet(PartnerKeyViewSet)
