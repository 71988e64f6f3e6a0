"""The fields Wagtail's API v2 serves for a case study in the benchmark: the same as our
API's list and detail, with our own serializers for the nested parts, declared as a site
that enables Wagtail's API declares them (`api_fields` on the page model). Set here, not
in casestudies/models.py, because only the benchmark serves Wagtail's API."""

from rest_framework import serializers
from wagtail.api import APIField

from casestudies.api import CityBriefSerializer, FocusAreaBriefSerializer, OrganisationSerializer
from casestudies.models import CaseStudyPage

CASE_STUDY_FIELDS = [
    APIField("slug"),
    APIField("summary"),
    APIField("city", serializer=CityBriefSerializer()),
    APIField("focus_areas", serializer=FocusAreaBriefSerializer(many=True)),
    APIField("sdgs", serializer=serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)),
    APIField("tags", serializer=serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)),
    APIField("stage"),
    APIField("start_year"),
    APIField("end_year"),
    APIField("first_published_at"),
    # The detail's parts.
    *(APIField(section) for section, _heading in CaseStudyPage.SECTIONS),
    APIField("key_figures"),
    APIField("partner_cities", serializer=CityBriefSerializer(many=True, source="public_partner_cities")),
    APIField("partner_organisations", serializer=OrganisationSerializer(many=True)),
    APIField("budget_amount"),
    APIField("budget_currency"),
    APIField("source_name"),
    APIField("source_url"),
    APIField("hero_image"),
    APIField("attachments"),
]


def declare():
    CaseStudyPage.api_fields = CASE_STUDY_FIELDS
