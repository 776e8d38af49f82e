from django.apps import AppConfig


class BookkeepingConfig(AppConfig):
    name = "sammachip.bookkeeping"
    label = "bookkeeping"
