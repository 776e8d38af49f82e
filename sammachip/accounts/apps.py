from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "sammachip.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .sessions import end_at_the_set_time

        user_logged_in.connect(end_at_the_set_time, dispatch_uid="sammachip-session-end")
