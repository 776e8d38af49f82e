from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("district/<str:code>/", views.district_view, name="district"),
    path("province/<str:code>/", views.province_view, name="province"),
    path("agenda/", views.my_agenda, name="agenda"),
    path("district/<str:code>/agenda/", views.district_agenda, name="district_agenda"),
    path("district/<str:code>/reports/", views.district_reports, name="district_reports"),
    path("district/<str:code>/follow-up-settings/", views.follow_up_settings, name="settings"),
    path("groups/<int:group_id>/visits/", views.group_visits, name="group_visits"),
    path("groups/<int:group_id>/visits/<int:visit_id>/", views.visit_detail, name="visit"),
    path("groups/<int:group_id>/visit-photos/<int:photo_id>/", views.visit_photo, name="photo"),
    path("groups/<int:group_id>/actions/<int:action_id>/done/", views.action_done, name="action_done"),
    path("groups/<int:group_id>/health/", views.group_health, name="group_health"),
    path("groups/<int:group_id>/reports/", views.group_reports, name="group_reports"),
    path("stage-proposals/<int:proposal_id>/decide/", views.decide_stage, name="decide_stage"),
]
