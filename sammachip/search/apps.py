from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "sammachip.search"
    label = "search"
