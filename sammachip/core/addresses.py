"""The address of the client a request came from, for the limits on sign-in attempts and on the public order
form. Behind a reverse proxy every request arrives from the proxy's address; the client's is in a header
that the proxy writes — but a client can send that header too. So the header is read only when it is
configured (SAMMACHIP_TRUSTED_PROXY_HEADER), and only the entry that the trusted proxies themselves wrote:
with SAMMACHIP_TRUSTED_PROXY_COUNT proxies in front of the app, each appending the address it saw to
X-Forwarded-For, the client is that many entries from the right; whatever the client put to the left of it
is ignored. Not configured (the default), it is REMOTE_ADDR."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    remote = str(request.META.get("REMOTE_ADDR", ""))
    header = settings.SAMMACHIP_TRUSTED_PROXY_HEADER
    if not header:
        return remote
    hops = [hop.strip() for hop in request.headers.get(header, "").split(",") if hop.strip()]
    count = max(1, settings.SAMMACHIP_TRUSTED_PROXY_COUNT)
    if len(hops) < count:  # did not come through every proxy: the connection's own address
        return remote
    try:
        return str(ipaddress.ip_address(hops[-count]))
    except ValueError:
        return remote
