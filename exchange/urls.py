"""Public addresses of the exchange between cities, in every language (/th/network/ …)."""

from django.urls import path

from casestudies import evidence_views
from exchange import contact_views, network_views, partner_views

urlpatterns = [
    path("case-studies/<int:page_id>/contact/", contact_views.contact_team, name="contact_team"),
    path("case-studies/<int:page_id>/replications/", evidence_views.replication_chain, name="replication_chain"),
    path("partners-wanted/", partner_views.partners_wanted, name="partners_wanted"),
    path("partners-wanted/<int:page_id>/interest/", partner_views.interest, name="partner_interest"),
    path("network/", network_views.network_statistics, name="network_statistics"),
    path("network/statistics.csv", network_views.network_statistics_csv, name="network_statistics_csv"),
]
