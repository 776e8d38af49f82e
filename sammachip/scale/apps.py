from django.apps import AppConfig


class ScaleConfig(AppConfig):
    name = "sammachip.scale"
    label = "scale"
    verbose_name = "Scale data"
