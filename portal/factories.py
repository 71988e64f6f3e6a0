import wagtail_factories

from portal.models import StandardPage


class StandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardPage

    title = "Test page"
    slug = "test-page"
    introduction = "An introduction."
