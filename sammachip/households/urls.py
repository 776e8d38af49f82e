from django.urls import path

from . import views

app_name = "households"
urlpatterns = [
    path("villages/<int:village_id>/", views.village_detail, name="village"),
    path("villages/<int:village_id>/forums/new/", views.forum_create, name="forum_create"),
    path("villages/<int:village_id>/survey/", views.survey, name="survey"),
    path("villages/<int:village_id>/survey/import/", views.survey_import, name="survey_import"),
    path("survey-answers/<int:answer_id>/remove/", views.need_remove, name="need_remove"),
    path("households/<int:household_id>/withdraw-consent/", views.withdraw_consent, name="withdraw_consent"),
    path("forums/<int:forum_id>/", views.forum_detail, name="forum"),
    path("forums/<int:forum_id>/sheet.pdf", views.forum_sheet, name="forum_sheet"),
    path("forums/<int:forum_id>/import/", views.forum_import, name="forum_import"),
    path("districts/<str:code>/households/import/", views.household_import, name="household_import"),
    path("import-templates/<str:kind>.csv", views.import_template, name="import_template"),
    path("items/", views.item_list, name="items"),
    path("analysis/<str:level>/<str:code>/", views.area_analysis, name="analysis"),
]
