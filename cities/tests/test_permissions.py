"""The permission matrix, over the real admin views: a city editor works on their own city only."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Collection

from casestudies.factories import CaseStudyPageFactory
from casestudies.models import CaseStudyPage
from cities.models import CityPage
from portal.tests.admin_forms import create_data, edit_data

pytestmark = pytest.mark.django_db


def refused(response):
    """Wagtail answers a forbidden admin action with 403, or a redirect away with a message."""
    return response.status_code == 403 or (response.status_code == 302 and "/login/" not in response["Location"])


@pytest.fixture
def city_a():
    return CityPage.objects.get(slug="aizuwakamatsu")


@pytest.fixture
def city_b():
    return CityPage.objects.get(slug="bangkok")


@pytest.fixture
def editor_a(client):
    user = get_user_model().objects.get(username="aizuwakamatsu-editor")
    client.force_login(user)
    return user


@pytest.fixture
def secretariat(client, two_factor_login):
    return two_factor_login(client, get_user_model().objects.get(username="secretariat"))


def draft_under(city, slug):
    return CaseStudyPage.objects.child_of(city).get(slug=slug)


def test_editor_creates_and_edits_under_their_city_but_cannot_publish(client, editor_a, city_a):
    url, data = create_data(
        client,
        CaseStudyPage,
        city_a,
        title="Tourism data",
        slug="tourism-data",
        summary="Visitor data for planning.",
        source_name="City of Aizuwakamatsu",
    )
    data["action-publish"] = "1"  # asking to publish is not enough without the right
    response = client.post(url, data)
    assert response.status_code == 302
    page = CaseStudyPage.objects.get(slug="tourism-data")
    assert not page.live and page.city == city_a

    draft = draft_under(city_a, "my-number-card-login")
    response = client.post(f"/admin/pages/{draft.pk}/edit/", edit_data(client, draft, summary="Updated by the city."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.get_latest_revision_as_object().summary == "Updated by the city."
    assert not draft.live

    live = CaseStudyPageFactory(parent=city_a, title="Published earlier", results=[])
    live.save_revision().publish()
    live.refresh_from_db()
    published_revision = live.live_revision_id
    assert refused(client.post(f"/admin/pages/{live.pk}/unpublish/"))
    live.refresh_from_db()
    assert live.live
    client.post(f"/admin/pages/{live.pk}/edit/", edit_data(client, live, summary="New", **{"action-publish": "1"}))
    live.refresh_from_db()
    assert live.live_revision_id == published_revision  # saved as a draft, not published
    assert live.get_latest_revision_as_object().summary == "New" and live.summary != "New"


def test_editor_cannot_touch_another_city(client, editor_a, city_a, city_b):
    theirs = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    ours = draft_under(city_a, "my-number-card-login")
    for url in [
        f"/admin/pages/{city_b.pk}/",  # explore
        f"/admin/pages/{city_b.pk}/edit/",
        f"/admin/pages/{theirs.pk}/edit/",
        f"/admin/pages/add/casestudies/casestudypage/{city_b.pk}/",
        f"/admin/pages/{theirs.pk}/delete/",
        f"/admin/pages/{theirs.pk}/move/",
        f"/admin/pages/{theirs.pk}/copy/",
    ]:
        assert refused(client.get(url)), url
    title_before = theirs.title
    assert refused(client.post(f"/admin/pages/{theirs.pk}/delete/"))
    # Wagtail shows the move confirmation, then refuses the move itself.
    assert refused(client.post(f"/admin/pages/{ours.pk}/move/{city_b.pk}/confirm/"))
    response = client.post(
        f"/admin/pages/{ours.pk}/copy/", {"new_title": "Copy", "new_slug": "copy", "new_parent_page": city_b.pk}
    )
    assert response.status_code in (200, 302, 403)
    assert not CaseStudyPage.objects.child_of(city_b).filter(slug="copy").exists()
    assert CaseStudyPage.objects.filter(pk=theirs.pk, title=title_before, live=True).exists()
    assert CaseStudyPage.objects.child_of(city_a).filter(pk=ours.pk).exists()


def test_editor_sees_only_their_citys_collection(client, editor_a):
    from wagtail.images.tests.utils import get_test_image_file

    Image = get_image_model()
    own = Image.objects.create(
        title="Aizu photo", file=get_test_image_file(), collection=Collection.objects.get(name="Aizuwakamatsu")
    )
    other = Image.objects.create(
        title="Bangkok photo", file=get_test_image_file(), collection=Collection.objects.get(name="Bangkok")
    )
    listing = client.get("/admin/images/").content.decode()
    assert "Aizu photo" in listing and "Bangkok photo" not in listing
    assert client.get(f"/admin/images/{own.pk}/").status_code == 200
    assert refused(client.get(f"/admin/images/{other.pk}/"))
    assert refused(client.post(f"/admin/images/{other.pk}/delete/"))
    assert Image.objects.filter(pk=other.pk).exists()
    # An upload lands in the city's own collection, the only one it may use.
    png = SimpleUploadedFile("upload.png", get_test_image_file().file.getvalue(), content_type="image/png")
    response = client.post("/admin/images/add/", {"title": "Upload", "file": png})
    assert response.status_code == 302
    assert Image.objects.get(title="Upload").collection.name == "Aizuwakamatsu"
    assert "Programme outline" not in client.get("/admin/documents/").content.decode()  # an event document
    assert refused(client.get(f"/admin/collections/{other.collection_id}/"))


def test_editor_cannot_reach_events(client, editor_a):
    from events.models import EventIndexPage, EventPage

    event = EventPage.objects.first()
    assert refused(client.get(f"/admin/pages/{event.pk}/edit/"))
    events = EventIndexPage.objects.get(locale__language_code="en")
    assert refused(client.get(f"/admin/pages/add/events/eventpage/{events.pk}/"))


def test_secretariat_can_do_everything(client, secretariat, city_b):
    theirs = CaseStudyPage.objects.get(slug="traffy-fondue-bangkok")
    assert client.get(f"/admin/pages/{theirs.pk}/edit/").status_code == 200
    draft = draft_under(CityPage.objects.get(slug="da-nang"), "da-nang-operations-centre-lessons")
    response = client.post(f"/admin/pages/{draft.pk}/edit/", edit_data(client, draft, **{"action-publish": "1"}))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.live
    assert client.get("/admin/images/").status_code == 200
    assert "Programme outline" in client.get("/admin/documents/").content.decode()
    assert client.post(f"/admin/pages/{draft.pk}/unpublish/").status_code == 302
    draft.refresh_from_db()
    assert not draft.live
