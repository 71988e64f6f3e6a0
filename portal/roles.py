"""The portal's roles, as Wagtail groups and a workflow (created after every migrate).

- Secretariat: moderates and manages everything (pages, collections, snippets, users).
- Delegates: may open delegates-only event materials; no admin access.
- Translators (<language>): one group per content language: edit and publish the pages of
  that language's tree (the translation editor), nothing in English or other languages.
- "<City> editors": one per city, kept in step with the city pages (cities/teams.py).
- Workflow "Secretariat review" on the city tree: city pages and case studies.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from portal.languages import LANGUAGES, SOURCE_LANGUAGE

SECRETARIAT = "Secretariat"
DELEGATES = "Delegates"
WORKFLOW_NAME = "Secretariat review"
DELEGATES_ONLY_COLLECTION = "Delegates only"
WAGTAIL_STARTER_GROUPS = ["Editors", "Moderators"]
WAGTAIL_STARTER_WORKFLOW = "Moderators approval"

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"]
IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image", "delete_image"]
DOCUMENT_PERMISSIONS = ["add_document", "change_document", "choose_document", "delete_document"]
# Models the secretariat manages outright: taxonomy snippets, users, redirects, workflows.
SECRETARIAT_MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", ["access_admin"]),
    ("cities", "country", ["add", "change", "delete", "view"]),
    ("casestudies", "organisation", ["add", "change", "delete", "view"]),
    ("casestudies", "focusarea", ["add", "change", "delete", "view"]),
    ("casestudies", "sustainabledevelopmentgoal", ["change", "view"]),
    ("auth", "user", ["add", "change", "delete", "view"]),
    ("auth", "group", ["view"]),
    ("wagtailredirects", "redirect", ["add", "change", "delete"]),
    ("wagtailcore", "workflow", ["add", "change", "delete"]),
    ("wagtailcore", "task", ["add", "change", "delete"]),
    ("rest_framework_api_key", "apikey", ["add", "change", "delete", "view"]),
    # Partner webhooks (notifications/webhooks_admin.py): deliveries are read-only, "change" is Retry.
    # Subscriptions (notifications/subscriptions_admin.py): subscribers sign themselves up;
    # the outbox is read-only, "change" is "Retry failed".
    ("notifications", "subscriber", ["change", "delete", "view"]),
    ("notifications", "outboxemail", ["change", "view"]),
    ("notifications", "webhookendpoint", ["add", "change", "delete", "view"]),
    ("notifications", "webhookdelivery", ["change", "view"]),
]


def translators_group_name(language_name):
    return f"Translators ({language_name})"


def permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def page_permissions(codenames):
    return [permission("wagtailcore", codename) for codename in codenames]


def collection_permissions():
    return [permission("wagtailimages", c) for c in IMAGE_PERMISSIONS] + [
        permission("wagtaildocs", c) for c in DOCUMENT_PERMISSIONS
    ]


def access_admin():
    return permission("wagtailadmin", "access_admin")


def submit_translation():
    """wagtail-localize's "Translate" (pages and snippets: the focus areas). Its migration makes
    this permission, so it is made again here for a database emptied by `flush`."""
    from django.contrib.contenttypes.models import ContentType

    content_type, _ = ContentType.objects.get_or_create(app_label="wagtail_localize", model="translation")
    perm, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="submit_translation", defaults={"name": "Can submit translations"}
    )
    return perm


def is_delegate(user):
    """May open delegates-only materials: delegates, the secretariat and superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name__in=[DELEGATES, SECRETARIAT]).exists()


def delegates_only_collection():
    """The collection whose documents only delegates (and the secretariat) may download."""
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node() or Collection.add_root(name="Root")
    collection = root.get_children().filter(name=DELEGATES_ONLY_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=DELEGATES_ONLY_COLLECTION)
    restriction = collection.view_restrictions.first() or CollectionViewRestriction(collection=collection)
    restriction.restriction_type = CollectionViewRestriction.GROUPS
    restriction.save()
    restriction.groups.set(Group.objects.filter(name__in=[DELEGATES, SECRETARIAT]))
    return collection


@transaction.atomic
def ensure_roles():
    """Create or repair the groups, their permissions and the review workflow. Idempotent."""
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Page,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from cities.models import CityIndexPage
    from cities.teams import sync_all_city_teams

    secretariat, _ = Group.objects.get_or_create(name=SECRETARIAT)
    for app_label, model, actions in SECRETARIAT_MODEL_PERMISSIONS:
        codenames = actions if app_label == "wagtailadmin" else [f"{action}_{model}" for action in actions]
        secretariat.permissions.add(*[permission(app_label, codename) for codename in codenames])
    secretariat.permissions.add(submit_translation())
    root_page = Page.get_first_root_node()
    if root_page is not None:
        for perm in page_permissions(PAGE_PERMISSIONS):
            GroupPagePermission.objects.get_or_create(group=secretariat, page=root_page, permission=perm)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for perm in collection_permissions():
            GroupCollectionPermission.objects.get_or_create(
                group=secretariat, collection=root_collection, permission=perm
            )

    Group.objects.get_or_create(name=DELEGATES)
    for code, english_name, _ in LANGUAGES:
        if code != SOURCE_LANGUAGE:
            group, _ = Group.objects.get_or_create(name=translators_group_name(english_name))
            group.permissions.add(access_admin())
    for language_home in Page.objects.filter(depth=2).exclude(locale__language_code=SOURCE_LANGUAGE):
        grant_translators(language_home)
    delegates_only_collection()

    task = GroupApprovalTask.objects.filter(name="Secretariat approval").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Secretariat approval")
    task.groups.set([secretariat])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task.task_ptr, defaults={"sort_order": 0})
    for city_index in CityIndexPage.objects.all():
        assign_review_workflow(city_index, workflow)

    # Wagtail's starter roles would cut across ours: its "Editors" may edit every page and its
    # "Moderators approval" workflow covers the whole tree (events are the secretariat's alone).
    Group.objects.filter(name__in=WAGTAIL_STARTER_GROUPS, user__isnull=True).delete()
    WorkflowPage.objects.filter(workflow__name=WAGTAIL_STARTER_WORKFLOW).delete()
    Workflow.objects.filter(name=WAGTAIL_STARTER_WORKFLOW).update(active=False)

    sync_all_city_teams()


TRANSLATOR_PAGE_PERMISSIONS = ["change_page", "publish_page"]


def grant_translators(language_home):
    """The language's translators may edit and publish its tree (whose root is this home page)."""
    from wagtail.models import GroupPagePermission

    names = {code: english for code, english, _ in LANGUAGES}
    english_name = names.get(language_home.locale.language_code)
    if english_name is None or language_home.locale.language_code == SOURCE_LANGUAGE:
        return
    group, _ = Group.objects.get_or_create(name=translators_group_name(english_name))
    for perm in page_permissions(TRANSLATOR_PAGE_PERMISSIONS):
        GroupPagePermission.objects.get_or_create(group=group, page=language_home, permission=perm)


def assign_review_workflow(city_index, workflow=None):
    """The review workflow covers a city tree (each language has its own copy of the tree)."""
    from wagtail.models import Workflow, WorkflowPage

    workflow = workflow or Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=city_index.page_ptr, defaults={"workflow": workflow})


def ensure_roles_after_migrate(sender, **kwargs):
    """post_migrate is sent once per app: act on the last one, when every table exists."""
    last_app = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender.label != last_app.label:
        return
    if kwargs.get("plan") == [] and Group.objects.filter(name=SECRETARIAT).exists():
        return  # nothing migrated and the roles exist already
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)
    ensure_roles()
