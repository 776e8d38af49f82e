from django.apps import AppConfig


class LineConfig(AppConfig):
    name = "sammachip.line"
    label = "line"
