"""What the API list scenario asks for: a filter both APIs can express — the lead city
(`city=<slug>` in ours, `child_of=<id>` in Wagtail's) and a stage — chosen as the busiest
city's most common stage, so the list is full. Prints JSON for bench/run.py."""

import json

import django


def main():
    django.setup()
    from django.db.models import Count

    from casestudies.models import CaseStudyPage

    english = CaseStudyPage.objects.live().filter(locale__language_code="en")
    busiest = english.values("city_id", "city__slug").annotate(n=Count("pk")).order_by("-n", "city_id").first()
    stage = (
        english.filter(city_id=busiest["city_id"]).values("stage").annotate(n=Count("pk")).order_by("-n", "stage")
    ).first()["stage"]
    city = {"id": busiest["city_id"], "slug": busiest["city__slug"]}
    print(json.dumps({"api_list_city": city, "api_list_stage": stage}))


if __name__ == "__main__":
    main()
