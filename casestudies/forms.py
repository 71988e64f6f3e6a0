"""The case-study page's admin form."""

from wagtail.admin.forms import WagtailAdminPageForm


class CaseStudyPageForm(WagtailAdminPageForm):
    def _post_clean(self):
        # modelcluster puts a ParentalManyToManyField's choice on the page only in save(), after
        # validation: without this, CaseStudyPage.clean() would check the needs saved before,
        # not the ones ticked, and "looking for partners" could never be switched on.
        if "partner_needs" in self.cleaned_data:
            self.instance.partner_needs = list(self.cleaned_data["partner_needs"])
        super()._post_clean()
