from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "sammachip.plans"
    label = "plans"
