from django.conf import settings


def product_name(request):
    """The product's name for templates that brand a screen (the admin's sign-in and title)."""
    return {"product_name": settings.WAGTAIL_SITE_NAME}
