"""Image renditions made when a page is published, by a worker, instead of by the first
visitor (or partner) who asks for the page: resizing a large photo takes longer than
rendering the whole page.

The specs are the ones the templates and the API use; keep them in step:
templates/casestudies/case_study_page.html and cities/city_page.html (hero), blocks/figure.html
(StreamField figures), events/event_page.html and EventMaterial.gallery_images (galleries),
and portal/api_blocks.RENDITIONS (every image in an API answer).
"""

import logging

from django.conf import settings
from django.db import transaction
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage, SourceImageIOError
from wagtail.models import Page

from portal.api_blocks import RENDITIONS as API_SPECS

logger = logging.getLogger(__name__)

HERO_SPECS = ("fill-1200x500", *API_SPECS.values())
FIGURE_SPECS = ("width-1000", *API_SPECS.values())
GALLERY_SPECS = ("original", "fill-300x200", *API_SPECS.values())


def images_in(value):
    """Every image in a StreamField value, however deeply its blocks nest."""
    if isinstance(value, AbstractImage):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from images_in(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from images_in(child)
    elif isinstance(value, ListValue):
        for child in value:
            yield from images_in(child)


def page_images(page):
    """[(image, specs)] of what the page's template and its API answer show."""
    from events.models import EventMaterial

    found = {}

    def add(image, specs):
        if image is not None:
            found.setdefault(image.pk, (image, set()))[1].update(specs)

    add(getattr(page, "hero_image", None), HERO_SPECS)
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            for image in images_in(getattr(page, field.name)):
                add(image, FIGURE_SPECS)
    galleries = EventMaterial.objects.filter(page_id=page.pk, gallery__isnull=False).values("gallery_id")
    for image in get_image_model().objects.filter(collection_id__in=galleries):
        add(image, GALLERY_SPECS)
    return [(image, sorted(specs)) for image, specs in found.values()]


def make_page_renditions(page_id):
    """Make the missing renditions of a page's images; those that exist are left alone, so the
    job can run any number of times. Returns how many images it went through."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return 0  # deleted since it was published
    images = page_images(page.specific)
    for image, specs in images:
        try:
            image.get_renditions(*specs)
        except SourceImageIOError:
            # The file is gone from storage: the page shows a broken image either way.
            logger.warning("Image %s of page %s has no file: no renditions made.", image.pk, page_id)
    return len(images)


def queue_page_renditions(sender, instance, **kwargs):
    """page_published: once the publish has committed, a worker makes the page's renditions.
    With the broker unreachable nothing is queued: the first view makes them, as without."""
    if not settings.RENDITIONS_ON_PUBLISH:
        return
    from portal import broker
    from portal.tasks import make_page_renditions as task

    page_id = instance.pk
    transaction.on_commit(lambda: broker.send(lambda: task.delay(page_id), what=f"the renditions of page {page_id}"))
