from django.conf import settings


def site(request):
    """The publication's name and base URL, for titles, canonical links and JSON-LD."""
    return {"SITE_NAME": settings.NEWSROOM_SITE_NAME, "SITE_URL": settings.NEWSROOM_SITE_URL}
