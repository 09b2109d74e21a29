"""The HTTP methods the site answers; any other gets a 405 before a view runs.

Function views answer whatever method they are sent as if it were a GET, so without this
TRACE, PUT or DELETE on a public page would get the page and a 200. The reader's pages, the
admin, feeds and sitemaps only ever need these four.
"""

from django.http import HttpResponseNotAllowed

ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")


class AllowedMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ALLOWED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)
