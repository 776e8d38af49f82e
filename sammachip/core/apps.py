from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sammachip.core"
    label = "core"
    verbose_name = "Sammachip core"
