from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "sammachip.visits"
    label = "visits"
