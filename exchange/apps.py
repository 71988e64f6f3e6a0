from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Two-way exchange between cities: questions to the team behind a case study, partner
    searches and answers to them, and the network's statistics."""

    name = "exchange"
    verbose_name = "Exchange between cities"
