from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from config.api import api
from sammachip.accounts import views as account_views
from sammachip.core import views as core_views
from sammachip.core import views_util
from sammachip.places import views as place_views
from sammachip.visits import home as home_views


def _api_urls():  # type: ignore[no-untyped-def]
    """The API authenticates every call itself (session or token) and answers 401 in its own format,
    so the page middleware that redirects to the login page must leave it alone."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback.login_required = False  # type: ignore[union-attr]
    return patterns, app_name, namespace


# The admin's sign-in counts towards, and obeys, the same throttle as the sign-in page.
admin.site.login_form = account_views.ThrottledAdminAuthenticationForm

urlpatterns = [
    path("healthz", login_not_required(views_util.healthz), name="healthz"),
    path("", home_views.home, name="home"),
    path("help/", core_views.help_page, name="help"),
    path("help/img/<str:name>", core_views.help_image, name="help_image"),
    path("accounts/login/", account_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/notices/", home_views.notices, name="notices"),
    path(
        "accounts/notices/decline/<int:membership_id>/",
        home_views.decline_membership,
        name="decline_membership",
    ),
    path("accounts/tokens/", account_views.tokens, name="tokens"),
    path("accounts/tokens/new/", account_views.token_create, name="token_create"),
    path("accounts/tokens/<int:token_id>/revoke/", account_views.token_revoke, name="token_revoke"),
    path("places/districts/<str:code>/staff/", place_views.staff, name="staff"),
    path("places/districts/<str:code>/staff/<int:posting_id>/end/", place_views.staff_end, name="staff_end"),
    path("", include("sammachip.offline.urls")),
    path("", include("sammachip.visits.urls")),
    path("", include("sammachip.onboarding.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("places/", include("sammachip.places.urls")),
    path("", include("sammachip.households.urls")),
    path("", include("sammachip.plans.urls")),
    path("", include("sammachip.market.urls")),
    path("", include("sammachip.search.urls")),
    path("", include("sammachip.line.urls")),
    path("", include("sammachip.privacy.urls")),
    path("groups/", include("sammachip.groups.urls")),
    path("groups/<int:group_id>/", include("sammachip.bookkeeping.urls")),
    path("groups/<int:group_id>/", include("sammachip.meetings.urls")),
    path("api/v1/", _api_urls()),
    path("admin/", admin.site.urls),
]

handler404 = "sammachip.core.views.not_found"
