"""The app's addresses plus two that exist only on the load benchmark's server (bench.settings; never
deployed): `/bench/signed-in`, the least a view that knows who is asking does — the session and the user
loaded, two bytes answered —, and `/bench/base-page`, the smallest signed-in page: the session, the user
and the base template (navigation, language switch, logout form) around a heading of its own. Every page
of a group pays that much before it shows anything; the load benchmark measures pages against it."""

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns

_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% load i18n %}{% block content %}<h1>{% translate "Home" %}</h1>{% endblock %}'
)


def signed_in(request: HttpRequest) -> HttpResponse:
    # LoginRequiredMiddleware has already loaded the session and the user to let this through.
    return HttpResponse(str(request.user.pk), content_type="text/plain")


def base_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_PAGE.render({}, request))


urlpatterns = [path("bench/signed-in", signed_in), path("bench/base-page", base_page), *app_urlpatterns]
