"""The app's addresses plus `/bench/signed-in`: the least a page that knows who is asking can do — load the
session and the user, answer two bytes. It measures the floor under every logged-in page (never deployed:
only the load benchmark's server uses bench.settings)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def signed_in(request: HttpRequest) -> HttpResponse:
    # LoginRequiredMiddleware has already loaded the session and the user to let this through.
    return HttpResponse(str(request.user.pk), content_type="text/plain")


urlpatterns = [path("bench/signed-in", signed_in), *app_urlpatterns]
