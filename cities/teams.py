"""Each city's editors: a "<City> editors" group with rights on that city's pages (in every
language's copy of the tree) and on its own image and document collection, nothing else.

Kept in step by signals (cities/signals.py) when a city page is created, renamed, translated
or deleted; `sync_all_city_teams` repairs everything (run after migrate and by the loader).
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale

from cities.models import CityPage, CityTeam
from portal.roles import access_admin, collection_permissions, page_permissions

CITY_PAGE_PERMISSIONS = ["add_page", "change_page"]  # no publish: the secretariat reviews
CITIES_COLLECTION = "Cities"


def group_name(city):
    return f"{city.title} editors"


def _cities_collection():
    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    return root.get_children().filter(name=CITIES_COLLECTION).first() or root.add_child(name=CITIES_COLLECTION)


def _source_page(city):
    """The copy in the default language names the team (translations keep the English name)."""
    return CityPage.objects.filter(translation_key=city.translation_key, locale=Locale.get_default()).first() or city


@transaction.atomic
def sync_city_team(city):
    """Create or update the team of `city` and grant it rights on every copy of the city page."""
    source = _source_page(city)
    team = CityTeam.objects.filter(translation_key=city.translation_key).select_related("group", "collection").first()
    if team is None:
        group = Group.objects.filter(name=group_name(source)).first() or Group.objects.create(name=group_name(source))
        parent = _cities_collection()
        collection = parent.get_children().filter(name=source.title).first() or parent.add_child(name=source.title)
        team = CityTeam.objects.create(translation_key=city.translation_key, group=group, collection=collection)
    if team.group.name != group_name(source):
        team.group.name = group_name(source)
        team.group.save(update_fields=["name"])
    if team.collection is None:
        team.collection = _cities_collection().add_child(name=source.title)
        team.save(update_fields=["collection"])
    elif team.collection.name != source.title:
        team.collection.name = source.title
        team.collection.save(update_fields=["name"])

    team.group.permissions.add(access_admin())
    for page in team.city_pages:
        for perm in page_permissions(CITY_PAGE_PERMISSIONS):
            GroupPagePermission.objects.get_or_create(group=team.group, page=page, permission=perm)
    for perm in collection_permissions():
        GroupCollectionPermission.objects.get_or_create(group=team.group, collection=team.collection, permission=perm)
    return team


@transaction.atomic
def remove_city_team(translation_key):
    """After the last copy of a city page is deleted: drop its group; its collection goes if empty."""
    if CityPage.objects.filter(translation_key=translation_key).exists():
        return
    team = CityTeam.objects.filter(translation_key=translation_key).select_related("group", "collection").first()
    if team is None:
        return
    collection = team.collection
    team.group.delete()  # cascades to the team and to the group's permissions
    if collection is not None and collection.get_children_count() == 0:
        in_use = (
            get_image_model().objects.filter(collection=collection).exists()
            or get_document_model().objects.filter(collection=collection).exists()
        )
        if not in_use:
            collection.delete()


def sync_all_city_teams():
    seen = set()
    for city in CityPage.objects.order_by("pk"):
        if city.translation_key not in seen:
            seen.add(city.translation_key)
            sync_city_team(city)


def team_for_user(user):
    """The city team(s) a user belongs to."""
    return CityTeam.objects.filter(group__user=user).select_related("collection")
