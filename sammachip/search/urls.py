from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("groups/<int:group_id>/search/", views.group_search, name="group"),
    path("places/districts/<str:code>/teachers/", views.teachers, name="teachers"),
]
