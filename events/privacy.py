"""Delegates-only event documents: Wagtail's collection privacy does the refusing."""

from wagtail.models import Collection

from portal.roles import delegates_only_collection

PUBLIC_EVENTS_COLLECTION = "Events"


def public_events_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=PUBLIC_EVENTS_COLLECTION).first()
    return existing or root.add_child(name=PUBLIC_EVENTS_COLLECTION)


def place_document(document, delegates_only):
    restricted = document.collection.get_view_restrictions().exists()
    if delegates_only and not restricted:
        document.collection = delegates_only_collection()
    elif not delegates_only and restricted:
        document.collection = public_events_collection()
    else:
        return
    document.save(update_fields=["collection"])
