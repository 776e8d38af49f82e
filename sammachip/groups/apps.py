from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "sammachip.groups"
    label = "groups"
