from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("district/<str:code>/", views.district_view, name="district"),
    path("province/<str:code>/", views.province_view, name="province"),
]
