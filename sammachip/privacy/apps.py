from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "sammachip.privacy"
    label = "privacy"
