from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("districts/<str:code>/start/", views.checklist, name="checklist"),
    path("districts/<str:code>/imports/", views.imports, name="imports"),
    path("districts/<str:code>/imports/template-<str:kind>.xlsx", views.template, name="template"),
    path("imports/<int:batch_id>/", views.batch_page, name="batch"),
]
