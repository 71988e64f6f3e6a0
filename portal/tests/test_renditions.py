"""Renditions made on publish (portal/renditions.py): after the job, showing the page (or its
API answer) makes none. In this process with Celery eager, then by a real worker."""

import time

import pytest
from django.core.cache import cache
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from casestudies.factories import CaseStudyPageFactory
from cities.models import CityPage
from portal import broker
from portal.celery import app as celery_app
from portal.renditions import FIGURE_SPECS, HERO_SPECS, make_page_renditions, page_images
from portal.tests.helpers import english, soup
from portal.tests.test_worker import running_worker

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_cached_renditions():
    """Wagtail caches renditions by image id, and SQLite gives a rolled-back test's ids out
    again: an earlier test's cached rendition would stand in for one never made here."""
    cache.clear()


Rendition = get_image_model().get_rendition_model()


def image(name):
    return get_image_model().objects.create(title=name, file=get_test_image_file(filename=f"{name}.png"))


def figure(photo):
    return {"type": "figure", "value": {"image": {"image": photo.pk, "alt_text": "A photo", "decorative": False}}}


def case_study_with_images(name):
    hero, photo, nested = image(f"{name}-hero"), image(f"{name}-photo"), image(f"{name}-nested")
    page = CaseStudyPageFactory(
        parent=english(CityPage, "bangkok"),
        title=f"Case study {name}",
        hero_image=hero,
        results=[{"type": "paragraph", "value": "<p>It worked.</p>"}, figure(photo)],
        lessons_learned=[figure(nested)],
    )
    return page, hero, photo, nested


def specs_of(photo):
    return set(Rendition.objects.filter(image=photo).values_list("filter_spec", flat=True))


@pytest.fixture
def eager_tasks():
    before = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = celery_app.conf.task_eager_propagates = True
    broker.reset()
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


def test_the_specs_are_those_the_templates_and_the_api_use():
    assert "fill-1200x500" in HERO_SPECS and "width-1000" in FIGURE_SPECS
    assert {"width-400", "width-800", "width-1600"} <= set(HERO_SPECS) & set(FIGURE_SPECS)


def test_publishing_makes_the_renditions_and_showing_the_page_makes_none(
    client, settings, eager_tasks, django_capture_on_commit_callbacks
):
    settings.RENDITIONS_ON_PUBLISH = True
    page, hero, photo, nested = case_study_with_images("eager")
    assert not Rendition.objects.filter(image__in=[hero, photo, nested]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    assert specs_of(hero) == set(HERO_SPECS)
    assert specs_of(photo) == specs_of(nested) == set(FIGURE_SPECS)
    made = Rendition.objects.count()
    response = client.get(page.url)
    sources = {img["src"] for img in soup(response).find_all("img")}
    assert hero.get_rendition("fill-1200x500").url in sources
    assert photo.get_rendition("width-1000").url in sources and nested.get_rendition("width-1000").url in sources
    assert client.get(f"/api/v1/case-studies/{page.pk}/").status_code == 200
    assert Rendition.objects.count() == made, "the page and its API answer made no rendition"


def test_the_job_can_run_again_and_skips_deleted_pages():
    page, hero, photo, nested = case_study_with_images("again")
    assert make_page_renditions(page.pk) == 3
    made = Rendition.objects.count()
    assert make_page_renditions(page.pk) == 3
    assert Rendition.objects.count() == made
    page_id = page.pk
    page.delete()
    assert make_page_renditions(page_id) == 0


def test_an_event_gallerys_photos_get_the_gallery_specs():
    from events.models import EventMaterial

    material = EventMaterial.objects.filter(kind="gallery", gallery__isnull=False).select_related("page").first()
    photos = list(get_image_model().objects.filter(collection_id=material.gallery_id))
    assert photos, "the demo content has an event gallery with photos"
    found = dict((found.pk, specs) for found, specs in page_images(material.page.specific))
    assert all({"original", "fill-300x200"} <= set(found[photo.pk]) for photo in photos)


def test_nothing_is_made_on_publish_when_switched_off(settings, eager_tasks, django_capture_on_commit_callbacks):
    settings.RENDITIONS_ON_PUBLISH = False
    page, hero, photo, nested = case_study_with_images("off")
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert not Rendition.objects.filter(image__in=[hero, photo, nested]).exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_renditions_of_a_published_page(client, committed_demo_content, settings):
    settings.RENDITIONS_ON_PUBLISH = True
    page, hero, photo, nested = case_study_with_images("worker")
    # The worker reads the images from the test's media folder; earlier runs' messages are dropped.
    with running_worker("test-worker-renditions.log", purge=True, MEDIA_ROOT=str(settings.MEDIA_ROOT)):
        page.save_revision().publish()  # autocommit: the job is queued at once
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and specs_of(nested) != set(FIGURE_SPECS):
            time.sleep(0.5)
    assert specs_of(hero) == set(HERO_SPECS)
    assert specs_of(photo) == specs_of(nested) == set(FIGURE_SPECS)
    made = Rendition.objects.count()
    assert client.get(page.url).status_code == 200
    assert Rendition.objects.count() == made
