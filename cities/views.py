from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.views.generic import FormView
from wagtail.admin.auth import PermissionPolicyChecker
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies import ModelPermissionPolicy

from cities.invitations import InvitationError, invite_city_editor
from cities.models import CityPage

user_permission_checker = PermissionPolicyChecker(ModelPermissionPolicy(get_user_model()))


class InviteEditorForm(forms.Form):
    email = forms.EmailField(label="E-mail address", help_text="Also the editor's username")
    city = forms.ModelChoiceField(
        queryset=CityPage.objects.filter(locale__language_code="en").order_by("title"),
        help_text="The editor may write and submit pages for this city only",
    )


class InviteEditorView(WagtailAdminTemplateMixin, FormView):
    """Secretariat: invite a city editor (an account in the city's group, and a set-password e-mail)."""

    form_class = InviteEditorForm
    template_name = "cities/admin/invite_editor.html"
    page_title = "Invite a city editor"
    header_icon = "mail"

    def form_valid(self, form):
        try:
            user = invite_city_editor(
                form.cleaned_data["email"], form.cleaned_data["city"], invited_by=self.request.user
            )
        except InvitationError as error:
            form.add_error("email", str(error))
            return self.form_invalid(form)
        messages.success(self.request, f"Invitation sent to {user.email} for {form.cleaned_data['city'].title}.")
        return redirect("invite_editor")


invite_editor = user_permission_checker.require("add")(InviteEditorView.as_view())
