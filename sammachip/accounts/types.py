from django.http import HttpRequest

from sammachip.accounts.models import User


class AuthedRequest(HttpRequest):
    """A request that passed LoginRequiredMiddleware (pages) or the API's auth: `user` is a real User."""

    user: User  # type: ignore[assignment]
    htmx: bool
