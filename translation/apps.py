from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "translation"
    verbose_name = "Translation"

    def ready(self):
        from translation import signals  # noqa: F401
