from django.conf import settings
from django.db import models


class ContactMessage(models.Model):
    """A question sent with a case study's "Contact the team" form. The message itself went
    by e-mail (through the outbox) to the contact point and as a copy to the sender; the
    row is the record the secretariat counts. Bodies are kept for the secretariat only."""

    case_study = models.ForeignKey("casestudies.CaseStudyPage", on_delete=models.CASCADE, related_name="+")
    # The case study in every language: counts are per case study, not per translation.
    translation_key = models.UUIDField(db_index=True)
    sender_name = models.CharField(max_length=200)
    sender_email = models.EmailField()
    sender_organisation = models.CharField(max_length=200, blank=True)
    sender_city = models.CharField(max_length=200, blank=True)
    message = models.TextField(max_length=5000)
    language = models.CharField(max_length=8, default="en")
    # Who it went to, for the record: "case study", "city" (its public contact point) or "secretariat".
    routed_to = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Message about {self.case_study_id} from {self.sender_name}"


class PartnerInterest(models.Model):
    """A city's "we are interested" answer to a case study that is looking for partners."""

    case_study = models.ForeignKey("casestudies.CaseStudyPage", on_delete=models.CASCADE, related_name="+")
    translation_key = models.UUIDField(db_index=True)
    # The answering city (its page in the default language: teams are per translation key).
    city = models.ForeignKey("cities.CityPage", on_delete=models.CASCADE, related_name="partner_interests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    message = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["translation_key", "city"], name="one_interest_per_city_and_case_study")
        ]

    def __str__(self):
        return f"{self.city} is interested in {self.case_study_id}"
