from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "sammachip.places"
    label = "places"
