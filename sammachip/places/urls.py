from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.district_list, name="districts"),
    path("districts/<str:code>/", views.district_detail, name="district"),
    path("districts/<str:code>/partners/", views.partner_list, name="partners"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
]
