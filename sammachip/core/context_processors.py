from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    from .guide import section_for

    match = getattr(request, "resolver_match", None)
    context: dict[str, Any] = {
        "help_section": section_for(match.namespace or match.url_name or "", match.url_name or "")
        if match
        else "start"
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        context["is_staff_user"] = user.is_district_staff
    return context
