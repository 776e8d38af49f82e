from django.urls import path

from . import views

app_name = "offline"

urlpatterns = [
    path("sw.js", views.service_worker, name="worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/state.json", views.state, name="state"),
    path("offline/", views.offline_page, name="offline"),
    path("outbox/", views.outbox, name="outbox"),
]
