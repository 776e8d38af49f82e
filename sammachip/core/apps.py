from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "sammachip.core"
    label = "core"
    verbose_name = "Sammachip core"

    def ready(self) -> None:
        from . import pagecache

        pagecache.install()
