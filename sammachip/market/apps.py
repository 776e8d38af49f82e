from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "sammachip.market"
    label = "market"
