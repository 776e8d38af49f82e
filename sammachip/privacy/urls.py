from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("privacy/", views.notice, name="notice"),
    path("privacy/breaches/", views.breaches, name="breaches"),
    path("privacy/breaches/<int:breach_id>/notified/", views.breach_notified, name="breach_notified"),
    path("groups/<int:group_id>/members/<int:membership_id>/export.json", views.export, name="export"),
    path("groups/<int:group_id>/members/<int:membership_id>/erase/", views.erase, name="erase"),
]
