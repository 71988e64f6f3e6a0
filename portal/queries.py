"""Query shaping shared by the pages, the listings and the API: a page view costs the same
few queries however many pages, images or private sections the portal has."""

from django.db.models import CharField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.http import Http404
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from portal.renditions import images_in


def private_q():
    """Pages in a private section (a view restriction on them or on an ancestor), as a
    subquery: `pages.exclude(private_q())` is `pages.public()` without the query of its own
    that Wagtail's public() makes each time to read the restrictions. Not for a queryset that
    is then searched: search backends only take Wagtail's public()."""
    candidate = ExpressionWrapper(OuterRef("path"), output_field=CharField())
    restricted = PageViewRestriction.objects.annotate(candidate=candidate).filter(candidate__startswith=F("page__path"))
    return Q(Exists(restricted))


def prefetch_images(page):
    """Load the page's images (image foreign keys and those in its StreamFields) with all their
    renditions: one query for the foreign keys, one for every rendition, then {% image %} and
    get_renditions() look nowhere else. (Each StreamField still loads its own images, in
    one query: Wagtail's bulk_to_python.)"""
    Image = get_image_model()
    keys = [
        field
        for field in page._meta.concrete_fields
        if field.is_relation and field.related_model is Image and getattr(page, field.attname) is not None
    ]
    images = [field.get_cached_value(page) for field in keys if field.is_cached(page)]  # select_related
    missing = [field for field in keys if not field.is_cached(page)]
    loaded = Image.objects.in_bulk({getattr(page, field.attname) for field in missing}) if missing else {}
    for field in missing:
        field.set_cached_value(page, loaded.get(getattr(page, field.attname)))
    images += loaded.values()
    for field in page._meta.concrete_fields:
        if isinstance(field, StreamField):
            images += images_in(getattr(page, field.attname))
    if images:
        prefetch_related_objects(images, Prefetch("renditions", to_attr="prefetched_renditions"))
    return page


# --- Serving a page -------------------------------------------------------------------------
# Wagtail's Page.route() asks for each level of an address in turn (a query for the child and
# one for its specific type: eight for /cities/bangkok/traffy-fondue-bangkok/), and
# Page.get_view_restrictions() makes two. For the site's root page and every page type:


def route(root, request, path_components):
    """The page at `path_components` under `root` (the site's root page, already specific):
    every level in one query, the page's specific type in another. A page type along the way
    that routes by itself (RoutablePageMixin) still gets the rest of the address."""
    if not path_components:
        return Page.route(root, request, path_components)
    url_paths = [
        root.url_path + "".join(f"{part}/" for part in path_components[:n]) for n in range(1, len(path_components) + 1)
    ]
    # By slug (indexed) and depth, then the exact addresses: url_path has no index, and a
    # path prefix is a LIKE that SQLite cannot answer from one.
    candidates = Page.objects.filter(
        slug__in=set(path_components),
        depth__gt=root.depth,
        depth__lte=root.depth + len(path_components),
        url_path__in=url_paths,
    )
    levels = {page.url_path: page for page in candidates}
    parent = root
    for depth, url_path in enumerate(url_paths, start=1):
        page = levels.get(url_path)
        if page is None:
            raise Http404
        page._cached_parent_obj = parent
        if page.specific_class is not None and page.specific_class.route is not Page.route:
            return page.specific.route(request, path_components[depth:])
        parent = page
    return parent.specific.route(request, [])


def view_restrictions(page):
    """Page.get_view_restrictions() in one query: the restrictions on the page and its
    ancestors, an alias's taken from the page it is an alias of."""
    paths = [page.path[:end] for end in range(page.steplen, len(page.path) + 1, page.steplen)]
    checked = Page.objects.filter(path__in=paths).annotate(checked=Coalesce("alias_of_id", "id")).values("checked")
    return PageViewRestriction.objects.filter(page_id__in=checked)
