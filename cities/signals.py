from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cities.models import CityIndexPage, CityPage


@receiver(post_save, sender=CityPage)
def keep_city_team_in_step(sender, instance, created=False, raw=False, update_fields=None, **kwargs):
    # New pages, translations (a new copy needs the team's rights too) and renames, which
    # reach the page row when a revision is published; not the bookkeeping saves of drafts.
    if raw or (not created and update_fields is not None and "title" not in update_fields):
        return
    from cities.teams import sync_city_team

    sync_city_team(instance)


@receiver(post_delete, sender=CityPage)
def drop_city_team(sender, instance, **kwargs):
    from cities.teams import remove_city_team

    remove_city_team(instance.translation_key)


@receiver(post_save, sender=CityIndexPage)
def review_every_city_tree(sender, instance, created=False, raw=False, **kwargs):
    # A new language's copy of the city directory gets the same review workflow.
    if created and not raw:
        from portal.roles import assign_review_workflow

        assign_review_workflow(instance)
