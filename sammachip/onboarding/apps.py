from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sammachip.onboarding"
    verbose_name = "Bringing a district in"
