from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """The demo loader and the scale generator: at the top of the import graph, as they use every app."""

    name = "sammachip.scale"
    label = "scale"
    verbose_name = "Demo and scale data"
