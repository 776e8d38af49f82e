"""The JSON API at /api/v1/: session auth for the pages' own calls, bearer tokens for API clients.

Every error has one shape: {"detail": "...", "errors": [{"field": "...", "message": "..."}]}.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth

from sammachip.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = ApiToken.user_for_key(token)
        if user is not None:
            request.user = user
        return user


class TokenHeaderAuth(APIKeyHeader):
    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = ApiToken.user_for_key(key or "")
        if user is not None:
            request.user = user
        return user


ERROR_SCHEMA = {
    "type": "object",
    "required": ["detail", "errors"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
ERRORS = {
    "401": "Not logged in and no valid API token.",
    "404": "Not found, or outside the caller's reach (the same answer, so nothing leaks).",
    "422": "A field is not valid; `errors` names it.",
}
WRITE_ERRORS = {
    "400": "The body is not valid JSON.",
    "409": "Conflicts with data saved meanwhile (a concurrent edit); nothing was saved.",
}


class Api(NinjaAPI):
    """The document lists the errors every operation can answer, all in the one error shape, so a client
    (and the schema fuzzing in the tests) knows them."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> Any:
        doc = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        doc.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        ref = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for path in doc["paths"].values():
            for method, operation in path.items():
                codes = ERRORS | (WRITE_ERRORS if method in ("post", "put", "patch", "delete") else {})
                for code, text in codes.items():
                    operation["responses"].setdefault(code, {"description": text, "content": ref})
        return doc


api = Api(
    title="Sammachip API",
    version="1",
    description="Occupation groups, members, committees and places. Errors: {detail, errors[]}.",
    # Tokens first: ninja's session auth checks CSRF before it looks for a session cookie, which would refuse
    # every token client's POST. A browser's session POST still gets the CSRF check.
    auth=[TokenAuth(), TokenHeaderAuth(), SessionAuth()],
    urls_namespace="api",
)


def _error(
    request: HttpRequest, status: int, detail: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": errors or []}, status=status)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", []) if p not in ("body", "payload", "query", "path")]
        errors.append({"field": ".".join(loc), "message": str(e.get("msg", ""))})
    return _error(request, 422, _("Some fields are not valid."), errors)


@api.exception_handler(DjangoValidationError)
def on_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [{"field": f, "message": str(m)} for f, msgs in exc.message_dict.items() for m in msgs]
    else:
        errors = [{"field": "", "message": str(m)} for m in exc.messages]
    return _error(request, 422, errors[0]["message"] if errors else _("Not valid."), errors)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _error(request, 404, _("Not found."))


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, _("Log in or send an API token."))


@api.exception_handler(IntegrityError)
def on_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    return _error(request, 409, _("This conflicts with data already saved. Nothing was saved."))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja's "Cannot parse request body", said in the API's language
        return _error(request, 400, _("The body of the request is not valid JSON."))
    return _error(request, exc.status_code, str(exc))


from sammachip.bookkeeping.api import router as books_router  # noqa: E402
from sammachip.groups.api import router as groups_router  # noqa: E402
from sammachip.households.api import router as households_router  # noqa: E402
from sammachip.market.api import router as market_router  # noqa: E402
from sammachip.meetings.api import router as meetings_router  # noqa: E402
from sammachip.places.api import router as places_router  # noqa: E402
from sammachip.plans.api import router as plans_router  # noqa: E402
from sammachip.search.api import router as search_router  # noqa: E402

api.add_router("/places", places_router)
api.add_router("/", households_router)
api.add_router("/", plans_router)
api.add_router("/groups", groups_router)
api.add_router("/groups", books_router)
api.add_router("/groups", meetings_router)
api.add_router("/groups", market_router)
api.add_router("/", search_router)
