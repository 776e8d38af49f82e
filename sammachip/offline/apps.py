from django.apps import AppConfig


class OfflineConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sammachip.offline"
    verbose_name = "Field work without a signal"
