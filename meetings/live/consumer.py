"""The meeting's websocket `/ws/meetings/<id>/`: one socket per open live page.

Thin on purpose: it decides the socket's audience, joins the group of that audience and its
language, sends the snapshot, and hands every request to `protocol.handle`, which the plain HTTP
form of the page uses too; casts go through `castqueue`, which hands those arriving together to
the database as one batch. A live page connects with `?view=page`: its snapshots carry the
rendered regions instead of the state slices.
"""

import json
import logging
import time
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from config.unavailable import OUTAGES
from meetings.live import castqueue, fanout, progress, protocol
from meetings.live.access import identify
from meetings.live.fanout import group_name, user_group
from meetings.live.snapshot import missed, snapshot, snapshots
from meetings.models import Meeting
from meetings.session.errors import LiveError, unavailable
from meetings.session.services.attendance import lose_connection

logger = logging.getLogger(__name__)
MAX_MESSAGE_BYTES = 16 * 1024
RATE_PER_SECOND, BURST = 5.0, 20.0
VIOLATIONS_BEFORE_CLOSE = 20
CLOSE_FORBIDDEN, CLOSE_TOO_BIG, CLOSE_ABUSE = 4403, 4413, 4429
CASTS = {"cast", "ballot.record"}


def language_of(scope) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    chosen = scope.get("cookies", {}).get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in supported:
        return chosen
    headers = dict(scope.get("headers", []))
    for part in headers.get(b"accept-language", b"").decode("latin-1").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in supported:
            return code
    return settings.LANGUAGE_CODE


def acknowledged(result) -> dict:
    """What an `ack` says: the seq of the recorded event, or a service's own answer (a cast)."""
    if isinstance(result, dict):
        return result
    return {"seq": result.seq if result else None}


class MeetingConsumer(AsyncWebsocketConsumer):
    async def connect(self):
        self.meeting_id = int(self.scope["url_route"]["kwargs"]["pk"])
        self.user = self.scope["user"]
        self.language = language_of(self.scope)
        self.you = await database_sync_to_async(identify)(self.user, self.meeting_id)
        if self.you is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode("latin-1"))
        self.page = query.get("view") == ["page"]
        if query.get("audience") == ["public"]:
            # The hall display shows the public view, whoever opened it.
            self.you = {**self.you, "audience": "public", "person": None, "name": None}
        self.audience = self.you["audience"]
        self.groups_joined = [group_name(self.meeting_id, self.audience, self.language)]
        if self.user.is_authenticated:
            self.groups_joined.append(user_group(self.user.pk))
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        self.remote, self.tokens, self.last_refill, self.violations = False, BURST, 0.0, 0
        self.progress_written: dict[int, int] = {}
        await self.accept()
        await self.send_snapshot()

    async def dispatch(self, message):
        """Call the message's handler straight away. Channels would first tidy the database
        connections, a hop to the one thread all consumers share for every message: a vote's
        result then queued 3,000 hops behind each other, and a burst of casts waited behind
        a thousand. Every database access here goes through `database_sync_to_async`, which
        tidies them itself."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code):
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)
        if getattr(self, "remote", False):
            # A remote member whose socket drops is disconnected, not absent.
            await database_sync_to_async(self.lose_connection)()

    def lose_connection(self):
        person = getattr(self.user, "person", None)
        if person is not None:
            lose_connection(by=self.user, meeting=self.meeting(), person=person)

    def meeting(self):
        return Meeting.objects.get(pk=self.meeting_id)

    async def send_snapshot(self):
        text = await database_sync_to_async(snapshot)(
            self.meeting_id,
            self.audience,
            self.language,
            self.you,
            page=self.page,
            cache=snapshots(),
        )
        await self.send(text_data=text)

    async def receive(self, text_data=None, bytes_data=None):
        if bytes_data is not None or len(text_data.encode()) > MAX_MESSAGE_BYTES:
            await self.close(code=CLOSE_TOO_BIG)
            return
        message = protocol.decode(text_data)
        request_id = message.get("request_id") if isinstance(message, dict) else None
        if not protocol.is_request_id(request_id):
            request_id = None
        with translation.override(self.language):
            if self.take_token():
                # Only a flood in a row closes the socket; a burst now and then is forgiven.
                self.violations = 0
                await self.answer(message, request_id)
                return
            self.violations += 1
            if self.violations >= VIOLATIONS_BEFORE_CLOSE:
                await self.close(code=CLOSE_ABUSE)
                return
            error = LiveError("rate_limited", _("Too many messages: please wait a moment."))
            await self.send_error(request_id, error)

    async def answer(self, message, request_id):
        try:
            await self.carry_out(message, request_id)
        except LiveError as error:
            await self.send_error(request_id, error)
        except OUTAGES as error:
            # The transaction was rolled back: the client may send the same request again.
            logger.warning("Database unavailable for a live request: %s", error)
            await self.send_error(request_id, unavailable())

    async def carry_out(self, message, request_id):
        if isinstance(message, dict) and message.get("type") == "hello":
            await self.resync(message.get("last_seq"))
            return
        held = []
        if isinstance(message, dict) and message.get("type") == "cast":
            submission = protocol.Submission(self.user, self.meeting_id, message, self.language)
            result = await castqueue.submit(submission)
        else:
            # What the request's event sends to every socket waits until the ack is out.
            token = fanout.held.set(held)
            try:
                result = await database_sync_to_async(protocol.handle)(
                    self.user, self.meeting_id, message
                )
            finally:
                fanout.held.reset(token)
        if message["type"] == "remote.joined":
            self.remote = True
        elif message["type"] == "remote.left":
            self.remote = False
        await self.send_json({"type": "ack", "request_id": request_id, **acknowledged(result)})
        await fanout.release(held)
        if message["type"] in CASTS and not result.get("repeated"):
            await progress.schedule(result["ballot"])

    async def resync(self, last_seq):
        """The events missed since `last_seq`, or a snapshot: always for a live page, whose
        regions only a snapshot brings again; for others too many missed or no valid seq."""
        events = None
        if protocol.is_seq(last_seq) and not self.page:
            events = await database_sync_to_async(missed)(self.meeting_id, self.audience, last_seq)
        if events is None:
            await self.send_snapshot()
            return
        for event in events:
            await self.send_json(event)

    def take_token(self) -> bool:
        now = time.monotonic()
        self.tokens = min(BURST, self.tokens + (now - self.last_refill) * RATE_PER_SECOND)
        self.last_refill = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True

    async def send_error(self, request_id, error: LiveError):
        await self.send_json(
            {"type": "error", "request_id": request_id, "code": error.code, "message": str(error)}
        )

    async def send_json(self, message: dict):
        await self.send(text_data=json.dumps(message, separators=(",", ":")))

    async def session_event(self, message):
        if message.get("finished"):
            progress.tracker().stop(message["finished"])
        await self.send(text_data=message["text"])

    async def session_progress(self, message):
        """A ballot's count: the newest one, and only if this socket does not have it yet."""
        newest = progress.tracker().newest(message)
        if newest is None:
            return  # the ballot closed meanwhile; its result is on the way
        voted, text = newest
        if self.progress_written.get(message["ballot"]) == voted:
            return
        self.progress_written[message["ballot"]] = voted
        await self.send(text_data=text)

    async def layer_reconnected(self, message):
        """Redis was away: events of that time never came. The state as it is now instead."""
        await self.send_snapshot()

    async def session_close(self, message):
        """The user logged out or lost their right to this meeting: the socket ends now."""
        await self.close(code=CLOSE_FORBIDDEN)
