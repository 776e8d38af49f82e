from django.urls import path

from . import views

app_name = "market"
urlpatterns = [
    path("groups/<int:group_id>/market/", views.market, name="market"),
    path("groups/<int:group_id>/market/page/", views.profile_edit, name="profile"),
    path("groups/<int:group_id>/market/products/new/", views.product_edit, name="product_new"),
    path("groups/<int:group_id>/market/products/<int:product_id>/", views.product_edit, name="product"),
    path(
        "groups/<int:group_id>/market/inquiries/<int:inquiry_id>/handled/",
        views.inquiry_handled,
        name="inquiry_handled",
    ),
    path("groups/<int:group_id>/market/shops/", views.shops, name="shops"),
    path("groups/<int:group_id>/market/booths/", views.booths, name="booths"),
    path("groups/<int:group_id>/market/study-visits/", views.study_visits, name="study_visits"),
    path("g/<slug:slug>/", views.public_page, name="public"),
    path("g/<slug:slug>/pay.svg", views.public_pay_qr, name="pay_qr"),
    path("g/<slug:slug>/photo/<int:product_id>/<str:size>.jpg", views.public_photo, name="photo"),
    path("g/<slug:slug>/flyer.pdf", views.flyer, name="flyer"),
]
