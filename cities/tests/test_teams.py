"""City editors' groups follow the city pages: creation, renaming, translation, deletion."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, GroupPagePermission, Locale

from cities.factories import CityPageFactory
from cities.models import CityPage, CityTeam

pytestmark = pytest.mark.django_db


def page_rights(group, page):
    return set(
        GroupPagePermission.objects.filter(group=group, page=page).values_list("permission__codename", flat=True)
    )


def test_every_demo_city_has_its_editors_group():
    assert CityTeam.objects.count() == CityPage.objects.count() == 27
    bangkok = CityPage.objects.get(slug="bangkok")
    group = Group.objects.get(name="Bangkok editors")
    assert page_rights(group, bangkok) == {"add_page", "change_page"}
    assert GroupPagePermission.objects.filter(group=group).count() == 2  # that page only
    assert Collection.objects.get(name="Bangkok").get_parent().name == "Cities"


def test_a_new_city_gets_a_group_renaming_follows_deleting_cleans_up(city_index):
    city = CityPageFactory(parent=city_index, title="Chiang Mai", slug="chiang-mai")
    group = Group.objects.get(name="Chiang Mai editors")
    assert page_rights(group, city) == {"add_page", "change_page"}

    city.title = "Chiang Mai City"
    city.save_revision().publish()
    group.refresh_from_db()
    assert group.name == "Chiang Mai City editors"
    assert Collection.objects.filter(name="Chiang Mai City").exists()

    city.delete()
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not CityTeam.objects.filter(translation_key=city.translation_key).exists()
    assert not Collection.objects.filter(name="Chiang Mai City").exists()  # it was empty


def test_rights_hold_in_every_language_copy_including_languages_added_later():
    bangkok = CityPage.objects.get(slug="bangkok")
    group = Group.objects.get(name="Bangkok editors")
    thai = Locale.objects.get(language_code="th")
    # A tree in the new language, as wagtail-localize builds it: copies of the ancestors first
    # (the demo content has the home and section pages in every language already).
    for ancestor in bangkok.get_ancestors().filter(depth__gt=1).specific():
        if not ancestor.has_translation(thai):
            ancestor.copy_for_translation(thai)
    thai_bangkok = bangkok.copy_for_translation(thai)
    assert page_rights(group, thai_bangkok) == {"add_page", "change_page"}
    assert thai_bangkok.get_workflow().name == "Secretariat review"  # reviewed in every language
    assert Group.objects.filter(name="Bangkok editors").count() == 1  # one team for all languages
    thai_bangkok.delete()
    assert Group.objects.filter(pk=group.pk).exists()  # the English page still has its team
