"""`/healthz`: does the database answer, and does a message go round the channel layer?"""

import asyncio
import logging
import uuid

from asgiref.sync import sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3
# One channel per process, reused by every check, so that checks leave no subscriptions behind.
PROBE_CHANNEL = f"healthz.{uuid.uuid4().hex}"
probe_lock = asyncio.Lock()


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


async def check_channel_layer() -> None:
    layer = get_channel_layer()
    token = uuid.uuid4().hex
    async with probe_lock:
        # Redis pub/sub drops a message that nobody listens to yet, and `receive` subscribes only
        # when it starts: listen first, and repeat the probe until the subscription has caught it.
        # Only this check's own token counts: a probe left over from an earlier check proves
        # nothing about the layer now.
        receiving = asyncio.ensure_future(receive_token(layer, token))
        try:
            while not receiving.done():
                await layer.send(PROBE_CHANNEL, {"type": "healthz.probe", "token": token})
                await asyncio.wait({receiving}, timeout=0.1)
            receiving.result()
        finally:
            receiving.cancel()


async def receive_token(layer, token: str) -> None:
    while (await layer.receive(PROBE_CHANNEL)).get("token") != token:
        pass


async def state_of(name, check) -> str:
    try:
        await asyncio.wait_for(check(), TIMEOUT_SECONDS)
    except Exception:
        logger.exception("Health check of %s failed", name)
        return "down"
    return "ok"


@never_cache
async def healthz(request):
    states = {
        "database": await state_of("database", sync_to_async(check_database)),
        "channel_layer": await state_of("channel layer", check_channel_layer),
    }
    healthy = all(state == "ok" for state in states.values())
    return JsonResponse(
        {"status": "ok" if healthy else "down", **states}, status=200 if healthy else 503
    )
