"""`/healthz`: can this process reach its database and its task queue?"""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        # One line per failed probe: a load balancer asks every few seconds.
        logger.warning("health check: database unreachable: %s", error)
        return "down"
    return "ok"


def check_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    import redis

    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=2, socket_timeout=2
        )
        client.ping()
    except Exception as error:
        logger.warning("health check: broker unreachable: %s", error)
        return "down"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    status = {"database": check_database(), "broker": check_broker()}
    down = [name for name, state in status.items() if state == "down"]
    if down:
        status["down"] = down
    return JsonResponse(status, status=503 if down else 200)
