from django import forms
from django.utils.translation import gettext_lazy as _

from casestudies.models import FocusArea
from cities.models import CityPage, Country
from notifications.models import Subscriber
from portal.languages import CONTENT_LANGUAGES


class InterestsForm(forms.Form):
    """Language, frequency and interests: what sign-up and manage pages share."""

    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=CONTENT_LANGUAGES)
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Subscriber.Frequency.choices, widget=forms.RadioSelect, initial="immediate"
    )
    focus_areas = forms.ModelMultipleChoiceField(
        label=_("Focus areas"),
        queryset=FocusArea.objects.in_default_language(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    cities = forms.ModelMultipleChoiceField(
        label=_("Cities"),
        queryset=CityPage.objects.live().filter(locale__language_code="en").order_by("title"),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose nothing to hear about everything the network publishes."),
    )

    def interests(self):
        """The choices as plain data, for a signed link."""
        data = self.cleaned_data
        return {
            "language": data["language"],
            "frequency": data["frequency"],
            "focus_areas": [area.slug for area in data["focus_areas"]],
            "countries": [country.slug for country in data["countries"]],
            "cities": [city.slug for city in data["cities"]],
        }


class SignUpForm(InterestsForm):
    field_order = ["email", "language", "frequency", "focus_areas", "countries", "cities"]

    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    # Left empty by people; robots fill every field.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
