"""Security headers for every response, and a Content Security Policy for the public site."""

from django.conf import settings

# Hosts apps add to img-src from their AppConfig.ready() (the map's tile servers, when the
# operator configures outside tiles); none by default.
EXTRA_IMAGE_SOURCES: list[str] = []


def allow_images_from(*sources: str) -> None:
    EXTRA_IMAGE_SOURCES.extend(source for source in sources if source not in EXTRA_IMAGE_SOURCES)


def public_csp() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            # blob: the report form previews the photos chosen, before anything is sent.
            " ".join(["img-src 'self' data: blob:", *EXTRA_IMAGE_SOURCES]),
            *PUBLIC_CSP_REST,
        ]
    )


PUBLIC_CSP_REST = (
    # The brand colour is set per community as an inline CSS variable.
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
PERMISSIONS_POLICY = "camera=(), microphone=(), payment=(), usb=(), geolocation=(self)"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"
        self.csp = getattr(settings, "PUBLIC_CONTENT_SECURITY_POLICY", None) or public_csp()

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        is_html = response.get("Content-Type", "").startswith("text/html")
        if is_html and not request.path.startswith(self.admin_prefix):
            response.headers.setdefault("Content-Security-Policy", self.csp)
        return response
