from wagtail import hooks

from portal.dashboard import panels_for


@hooks.register("construct_homepage_panels")
def add_portal_panels(request, panels):
    panels.extend(panels_for(request.user))
