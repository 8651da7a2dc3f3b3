"""Idle sessions end SESSION_IDLE_MINUTES after the last request, without writing the session
on every request.

Saving a session moves its expiry (in the database and the cookie) to SESSION_COOKIE_AGE
from now. Django's SESSION_SAVE_EVERY_REQUEST does that on each request: three queries for
every autosave. This middleware saves at most once per SESSION_REFRESH_SECONDS instead, so
a session may end up to that much earlier than the idle timeout, never later.
"""

import time

from django.conf import settings

REFRESHED_KEY = "_refreshed"


class IdleSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is None or session.session_key is None:  # a visitor without a session
            return response
        refreshed = session.get(REFRESHED_KEY, 0)
        # Loading finds no key for an expired or unknown cookie, and a logout flushed it:
        # nothing to extend, and no new session to make.
        if session.session_key is None or session.is_empty():
            return response
        now = int(time.time())
        if now - refreshed >= settings.SESSION_REFRESH_SECONDS:
            session[REFRESHED_KEY] = now  # modified: SessionMiddleware saves it
        return response
