from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.district_list, name="districts"),
    path("districts/<str:code>/", views.district_detail, name="district"),
    path("districts/<str:code>/villages/import/", views.village_import, name="village_import"),
    path("districts/<str:code>/villages/template.csv", views.village_template, name="village_template"),
    path("districts/<str:code>/partners/", views.partner_list, name="partners"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
]
