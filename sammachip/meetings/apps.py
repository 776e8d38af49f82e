from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "sammachip.meetings"
    label = "meetings"
