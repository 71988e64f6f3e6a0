"""The "Contact the team" form: what a delegate writes to the team behind a case study."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from exchange.models import ContactMessage

NAME_MAX = ContactMessage._meta.get_field("sender_name").max_length
ORGANISATION_MAX = ContactMessage._meta.get_field("sender_organisation").max_length
CITY_MAX = ContactMessage._meta.get_field("sender_city").max_length
MESSAGE_MAX = ContactMessage._meta.get_field("message").max_length
EMAIL_MAX = 254  # RFC 5321's limit, as Django's EmailField


def one_line(value):
    """Names go into e-mail subjects and headers' neighbourhood: no line breaks or runs of spaces."""
    return " ".join(value.split())


class ContactForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX,
        error_messages={"required": _("Enter your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=EMAIL_MAX,
        help_text=_("The team answers you here. It is not shown to anyone else."),
        error_messages={
            "required": _("Enter your e-mail address, so that the team can answer you."),
            "invalid": _("Enter a valid e-mail address, like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=ORGANISATION_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    city = forms.CharField(
        label=_("Your city (optional)"),
        max_length=CITY_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX,
        error_messages={"required": _("Write your message.")},
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    # The honeypot: hidden from people and screen readers (templates/exchange/contact.html);
    # robots fill every field they find.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Worked out per form, in the visitor's language and number format ("5,000", "5.000").
        limit = formats.number_format(MESSAGE_MAX, force_grouping=True)
        self.fields["message"].help_text = _("Up to %(limit)s characters.") % {"limit": limit}

    def clean_name(self):
        return one_line(self.cleaned_data["name"])

    def clean_organisation(self):
        return one_line(self.cleaned_data["organisation"])

    def clean_city(self):
        return one_line(self.cleaned_data["city"])

    def is_spam(self):
        return bool(self.cleaned_data.get("website"))
