from django.urls import path

from . import views

app_name = "meetings"
urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/open/", views.meeting_open, name="open"),
    path("meetings/<int:meeting_id>/attendance/", views.meeting_attendance, name="attendance"),
    path("meetings/<int:meeting_id>/agenda/", views.meeting_agenda, name="agenda"),
    path("meetings/<int:meeting_id>/minutes/", views.meeting_minutes, name="minutes"),
    path("meetings/<int:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("meetings/<int:meeting_id>/sign-in.pdf", views.sign_in_pdf, name="sign_in_pdf"),
    path("meetings/<int:meeting_id>/close/", views.meeting_close, name="close"),
    path("meetings/<int:meeting_id>/resolutions/", views.meeting_resolution, name="propose"),
    path("votes/new/", views.online_vote_new, name="online_new"),
    path("resolutions/<int:resolution_id>/", views.resolution_detail, name="resolution"),
    path("resolutions/<int:resolution_id>/tally.pdf", views.tally_pdf, name="tally_pdf"),
    path("resolutions/<int:resolution_id>/vote/", views.resolution_vote, name="vote"),
    path("resolutions/<int:resolution_id>/hands/", views.resolution_hands, name="hands"),
    path("resolutions/<int:resolution_id>/witness/", views.resolution_witness, name="witness"),
    path("resolutions/<int:resolution_id>/close/", views.resolution_close, name="resolution_close"),
    path("resolutions/<int:resolution_id>/withdraw/", views.resolution_withdraw, name="withdraw"),
    path("ideas/", views.ideas, name="ideas"),
    path("ideas/<int:idea_id>/outcome/", views.idea_outcome, name="idea_outcome"),
    path("duties/", views.duties, name="duties"),
    path("duties/<int:duty_id>/finish/", views.duty_finish, name="duty_finish"),
    path("inspections/", views.inspections, name="inspections"),
    path("participation/", views.participation, name="participation"),
]
