"""Public pages of partner searches: /partners-wanted/ (the listing, filtered like the library)
and /partners-wanted/<page id>/interest/ (a city editor answers "we are interested")."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from casestudies.library import search_library
from casestudies.models import CaseStudyPage
from cities.models import CityPage
from exchange import partners
from portal.locales import active_language
from portal.queries import private_q
from portal.templatetags.syndication_tags import in_active_language


@require_safe
def partners_wanted(request):
    library = search_library(request.GET, language=active_language(), seeking_partners=True)
    # What each card says is sought (a no-op when the library loaded it already).
    prefetch_related_objects(library.page.object_list, "partner_needs")
    context = {
        "library": library,
        "feed_rss_url": in_active_language(reverse("feeds:partners_wanted_rss")),
        "feed_atom_url": in_active_language(reverse("feeds:partners_wanted_atom")),
    }
    return TemplateResponse(request, "exchange/partners_wanted.html", context)


class InterestForm(forms.Form):
    city = forms.ModelChoiceField(
        queryset=CityPage.objects.none(),
        label=gettext_lazy("Answer for"),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=gettext_lazy("Message to the city (optional)"),
        help_text=gettext_lazy("What your city could bring, or what you would like to know. At most 2000 characters."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, cities, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["city"]
        field.queryset = CityPage.objects.filter(pk__in=[city.pk for city in cities]).order_by("title")
        self.only_city = cities[0] if len(cities) == 1 else None
        if self.only_city:  # nothing to choose: the page says which city answers
            field.widget = forms.HiddenInput()
            field.initial = self.only_city.pk
            field.required = False

    def clean_city(self):
        return self.cleaned_data.get("city") or self.only_city


# Editors come from the admin: its login (with its second factor) brings them back here.
@login_required(login_url="wagtailadmin_login")
@never_cache
@require_http_methods(["GET", "POST"])
def interest(request, page_id):
    page = get_object_or_404(CaseStudyPage.objects.live().exclude(private_q()).select_related("city"), pk=page_id)
    context = {"case_study": page, "needs": list(page.partner_needs.all())}
    if not page.seeking_partners:
        return TemplateResponse(request, "exchange/partner_interest_closed.html", context, status=404)
    cities, refusal = partners.answerable_cities(request.user, page)
    if refusal:
        context["reason"] = refusal
        context["user_cities"] = partners.cities_of(request.user)
        return TemplateResponse(request, "exchange/partner_interest_refused.html", context, status=403)

    answers = partners.answers_of(cities, page)
    open_cities = [city for city in cities if city.translation_key not in answers]
    form = InterestForm(request.POST or None, cities=cities)
    status = 200
    if request.method == "POST" and form.is_valid():
        city = form.cleaned_data["city"]
        try:
            partners.record_interest(page, city, request.user, form.cleaned_data["message"].strip())
        except partners.AlreadyAnswered as already:
            answers[city.translation_key] = already.interest
            open_cities = [other for other in open_cities if other.pk != city.pk]
            form = InterestForm(cities=open_cities) if open_cities else None
            status = 409
        else:
            messages.success(
                request,
                gettext(
                    "Thank you. The editors of %(lead)s, your city’s editors and the network secretariat "
                    "have been told that %(city)s is interested."
                )
                % {"lead": page.city.title if page.city else page.title, "city": city.title},
            )
            return redirect(request.path)
    elif request.method == "POST":
        status = 400
    elif not open_cities:
        form = None
    elif len(open_cities) != len(cities):
        form = InterestForm(cities=open_cities)
    context.update(
        form=form,
        answers=sorted(answers.values(), key=lambda interest: interest.created_at),
        only_city=open_cities[0] if len(open_cities) == 1 else None,
    )
    return TemplateResponse(request, "exchange/partner_interest.html", context, status=status)
