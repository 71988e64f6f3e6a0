from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    name = "casestudies"
    verbose_name = "Case studies"

    def ready(self):
        from casestudies import signals  # noqa: F401 - connects the receivers
