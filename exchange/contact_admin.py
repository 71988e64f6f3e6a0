"""Admin report "Contact messages per case study" (secretariat only): how many questions each
case study received and when the last one came, exportable as CSV or XLSX.

Counts only: no message body, sender or contact address is shown anywhere in the admin (the
bodies are stored, for the secretariat alone, and no admin view reads them)."""

from django.db.models import Count, F, IntegerField, Max, OuterRef, Subquery
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn

from casestudies.copies import one_copy_each
from casestudies.models import CaseStudyPage
from casestudies.reports import SecretariatMenuItem, SecretariatReportView
from exchange.models import ContactMessage


def per_case_study(values):
    """A subquery over the messages of the outer case study, in any of its languages."""
    return (
        ContactMessage.objects.filter(translation_key=OuterRef("translation_key"))
        .order_by()
        .values("translation_key")
        .annotate(value=values)
        .values("value")
    )


def case_studies_with_messages():
    """One row per case study (its English page, else its oldest copy) that has received
    messages, with their number and the date of the last one."""
    return (
        one_copy_each(
            CaseStudyPage.objects.filter(translation_key__in=ContactMessage.objects.values("translation_key"))
        )
        .annotate(
            city_name=F("city__title"),
            country_name=F("city__country__name"),
            messages=Subquery(per_case_study(Count("pk")), output_field=IntegerField()),
            last_message_at=Subquery(per_case_study(Max("created_at"))),
        )
        .order_by("-messages", "-last_message_at", "title")
    )


class ContactMessagesReport(SecretariatReportView):
    page_title = "Contact messages per case study"
    header_icon = "mail"
    index_url_name = "contact_messages_per_case_study"
    index_results_url_name = "contact_messages_per_case_study_results"
    paginate_by = 100
    list_export = ["title", "city_name", "country_name", "messages", "last_message_at"]
    export_headings = {
        "title": "Case study",
        "city_name": "City",
        "country_name": "Country",
        "messages": "Messages",
        "last_message_at": "Last message",
    }

    @property
    def columns(self):
        return [
            TitleColumn(
                "title", label="Case study", get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk])
            ),
            Column("city_name", label="City"),
            Column("country_name", label="Country"),
            Column("messages", label="Messages"),
            DateColumn("last_message_at", label="Last message"),
        ]

    def get_queryset(self):
        return case_studies_with_messages()


@hooks.register("register_admin_urls")
def register_contact_report_urls():
    return [
        path(
            "reports/contact-messages/",
            ContactMessagesReport.as_view(),
            name="contact_messages_per_case_study",
        ),
        path(
            "reports/contact-messages/results/",
            ContactMessagesReport.as_view(results_only=True),
            name="contact_messages_per_case_study_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_contact_report_menu_item():
    return SecretariatMenuItem(
        "Contact messages per case study",
        reverse("contact_messages_per_case_study"),
        icon_name="mail",
        order=720,
    )
