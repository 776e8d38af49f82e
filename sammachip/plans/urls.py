from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("villages/<int:village_id>/plans/", views.plan_open, name="plan_open"),
    path(
        "villages/<int:village_id>/community-forums/new/",
        views.community_forum_new,
        name="community_forum_new",
    ),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("public/plans/<int:plan_id>/", views.public_plan, name="public_plan"),
    path("projects/<int:project_id>/", views.project_detail, name="project"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("proposal-documents/<int:document_id>/", views.document_download, name="document"),
    path("districts/<str:code>/proposals/", views.district_proposals, name="district_proposals"),
    path("partners/<int:partner_id>/log/", views.partner_log, name="partner_log"),
    path("community-forums/<int:forum_id>/", views.community_forum, name="community_forum"),
]
