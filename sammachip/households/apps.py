from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "sammachip.households"
    label = "households"
