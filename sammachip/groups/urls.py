from django.urls import path

from . import views

app_name = "groups"
urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("<int:group_id>/", views.group_detail, name="detail"),
    path("<int:group_id>/stage/", views.group_stage, name="stage"),
    path("<int:group_id>/members/", views.member_list, name="members"),
    path("<int:group_id>/members/add/", views.member_add, name="member_add"),
    path("<int:group_id>/members/<int:membership_id>/", views.member_detail, name="member"),
    path("<int:group_id>/members/<int:membership_id>/edit/", views.member_edit, name="member_edit"),
    path("<int:group_id>/members/<int:membership_id>/leave/", views.member_leave, name="member_leave"),
    path("<int:group_id>/members/<int:membership_id>/login/", views.member_login, name="member_login"),
    path("<int:group_id>/committee/", views.committee, name="committee"),
    path("<int:group_id>/committee/<int:seat_id>/end/", views.committee_end, name="committee_end"),
    path("<int:group_id>/activities/", views.activities, name="activities"),
    path("<int:group_id>/charter/", views.charter, name="charter"),
    path("<int:group_id>/charter/draft/", views.charter_draft, name="charter_draft"),
    path("<int:group_id>/history/", views.history, name="history"),
]
