from django.urls import path

from . import views

app_name = "line"
urlpatterns = [
    path("accounts/line/", views.line_page, name="page"),
    path("accounts/line/code/", views.line_code, name="code"),
    path("accounts/line/unlink/", views.line_unlink, name="unlink"),
    path("line/webhook/", views.webhook, name="webhook"),
]
