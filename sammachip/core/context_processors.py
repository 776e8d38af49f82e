from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# The words offline.js shows (it has no catalogue of its own); {n}, {when} are filled in by the script.
OFFLINE_TEXT = {
    "waiting": _("Waiting to send: {n}"),
    "kept_at": _("Data as of {when} (saved on this phone; no signal now)"),
    "queued": _("Saved on this phone. It will be sent when the signal returns."),
    "sign_out_pending": _(
        "{n} records on this phone have not been sent yet. Signing out deletes them from this phone. Sign out?"
    ),
    "discard": _("Discard this record? It will not be sent."),
    "refused_status": _("The server refused this record (error {n})."),
    "not_found": _("The page or record is no longer there, or you may no longer change it."),
    "state_waiting": _("Waiting to send"),
    "state_sent": _("Sent {when}"),
    "made": _("Made {when}"),
    "correct": _("Open the form to correct"),
    "discard_button": _("Discard"),
    "nothing_waiting": _("Nothing waiting to be sent."),
    "nothing_sent": _("Nothing sent from this phone yet."),
    "nothing_kept": _("No pages are saved on this phone yet. Open Sammachip once with a signal."),
    "correcting": _("Correcting a record from the outbox: send it again when it is right."),
}


def person_id(user: Any) -> str:
    """An opaque id of the signed-in person for the phone's copies and outbox (it tells nothing about them). In
    letters only: a kept page has every run of 13 digits masked as a national ID, and the id must survive that."""
    return salted_hmac("sammachip.offline.person", str(user.pk)).hexdigest()[:24].translate(LETTERS)


LETTERS = str.maketrans("0123456789", "ghijklmnop")


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
        context["line_enabled"] = bool(
            settings.SAMMACHIP_LINE_CHANNEL_SECRET and settings.SAMMACHIP_LINE_CHANNEL_TOKEN
        )
        context["offline_person"] = person_id(user)
        context["offline_text"] = OFFLINE_TEXT
    return context
