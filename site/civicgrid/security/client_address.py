"""The address a request came from, seen through the reverse proxies the deployment trusts.

Behind a proxy every request arrives from the proxy's address, so a lock per address would lock
out every member of staff at once. The proxy passes the client's address in a header
(TRUSTED_PROXY_HEADER); without that setting the header is ignored, because a client can send
it too.
"""

from ipaddress import ip_address

from django.conf import settings


def client_address(request) -> str:
    if request is None:
        return ""
    connected = request.META.get("REMOTE_ADDR", "")
    header = getattr(settings, "TRUSTED_PROXY_HEADER", "")
    if not header:
        return connected
    forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if not hops:
        return connected
    # Each trusted proxy appends the address it was reached from; entries further left came
    # from the client and may be forged.
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 1)
    claimed = hops[-proxies] if len(hops) >= proxies else hops[0]
    try:
        return str(ip_address(claimed))
    except ValueError:
        return connected
