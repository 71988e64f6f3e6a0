from django.apps import AppConfig


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = "Cities and countries"

    def ready(self):
        from cities import signals  # noqa: F401 - connects the receivers
