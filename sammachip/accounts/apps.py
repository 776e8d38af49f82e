from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sammachip.accounts"
    label = "accounts"
