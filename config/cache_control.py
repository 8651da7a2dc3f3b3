"""Nothing a logged-in user is shown or downloads is kept by a browser or a shared cache.

Every response to a logged-in user, and every download (anything with a
Content-Disposition), gets `Cache-Control: private, no-store`: a page left on a shared
computer is not in the browser's cache or history for the next person, and no proxy keeps
an organisation's figures. Static files keep their long caching: WhiteNoise answers them
before this middleware runs.
"""

from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or response.has_header(
            "Content-Disposition"
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response
