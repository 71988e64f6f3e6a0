"""Admin hooks of the "Reviewed practice" label: the secretariat labels a case study after
checking its evidence (saying what it checked), or removes the label. One label per
translation key, so it covers every language. Each change writes a page log entry, which
also renews the public page cache (portal/page_cache.py keys on the newest log entry)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.log_actions import log

from casestudies.models import CaseStudyPage, PracticeReview
from casestudies.reports import is_secretariat, secretariat_only
from portal.redirects import safe_next_url

LABELLED = "casestudies.reviewed_practice"
UNLABELLED = "casestudies.reviewed_practice_removed"


def _secretariat(user):
    """is_secretariat, asked once per request (the page listing asks for every row)."""
    if not hasattr(user, "_is_secretariat"):
        user._is_secretariat = is_secretariat(user)
    return user._is_secretariat


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="What was checked",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="E.g. “Figures checked against the city's annual report 2023 and the NECTEC dashboard.” "
        "Seen by the secretariat only.",
        error_messages={"required": "Say what was checked: the label stands for that check."},
    )


def _back(request, page):
    return redirect(safe_next_url(request, reverse("wagtailadmin_pages:edit", args=[page.pk])))


@secretariat_only
def reviewed_practice(request, page_id):
    """GET: the label as it stands and the form; POST: label (again) with a note."""
    page = get_object_or_404(CaseStudyPage, pk=page_id)
    review = PracticeReview.objects.filter(translation_key=page.translation_key).select_related("reviewer").first()
    form = ReviewForm(request.POST or None, initial={"note": review.note if review else ""})
    if request.method == "POST" and form.is_valid():
        user = request.user
        with transaction.atomic():
            PracticeReview.objects.update_or_create(
                translation_key=page.translation_key,
                defaults={
                    "reviewed_at": timezone.now(),
                    "reviewer": user,
                    "reviewer_name": user.get_full_name() or user.get_username(),
                    "note": form.cleaned_data["note"],
                },
            )
            log(instance=page, action=LABELLED, user=user, data={"note": form.cleaned_data["note"]})
        messages.success(request, f"“{page.title}” is labelled “Reviewed practice” in every language.")
        return _back(request, page)
    return TemplateResponse(
        request,
        "casestudies/admin/reviewed_practice.html",
        {
            "page_title": f"Reviewed practice: “{page.title}”",
            "header_icon": "success",
            "page": page,
            "review": review,
            "form": form,
            "next": safe_next_url(request, ""),
        },
        status=400 if form.errors else 200,
    )


@secretariat_only
@require_POST
def remove_reviewed_practice(request, page_id):
    page = get_object_or_404(CaseStudyPage, pk=page_id)
    with transaction.atomic():
        deleted, _ = PracticeReview.objects.filter(translation_key=page.translation_key).delete()
        if deleted:
            log(instance=page, action=UNLABELLED, user=request.user)
    if deleted:
        messages.success(request, f"The “Reviewed practice” label of “{page.title}” is removed.")
    else:
        messages.warning(request, f"“{page.title}” had no “Reviewed practice” label.")
    return _back(request, page)


@hooks.register("register_admin_urls")
def register_reviewed_practice_urls():
    return [
        path("case-studies/<int:page_id>/reviewed-practice/", reviewed_practice, name="reviewed_practice"),
        path(
            "case-studies/<int:page_id>/reviewed-practice/remove/",
            remove_reviewed_practice,
            name="reviewed_practice_remove",
        ),
    ]


@hooks.register("register_log_actions")
def register_reviewed_practice_actions(actions):
    actions.register_action(LABELLED, "Label as reviewed practice", "Labelled “Reviewed practice”")
    actions.register_action(UNLABELLED, "Remove reviewed practice label", "“Reviewed practice” label removed")


class ReviewedPracticeButton(PageMenuItem):
    label = "Reviewed practice…"
    icon_name = "success"
    url_name = "reviewed_practice"

    def is_shown(self, user):
        specific_class = self.page.specific_class  # from the content type cache: no query
        return specific_class is not None and issubclass(specific_class, CaseStudyPage) and _secretariat(user)


@hooks.register("register_page_header_buttons")
def reviewed_practice_header_button(page, user, view_name, next_url=None):
    yield ReviewedPracticeButton(page=page, priority=67)


@hooks.register("register_page_listing_more_buttons")
def reviewed_practice_listing_button(page, user, next_url=None):
    yield ReviewedPracticeButton(page=page, next_url=next_url, priority=56)
