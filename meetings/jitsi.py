"""The Jitsi room of a hybrid meeting, and the token Jitsi's token authentication expects."""

import datetime
from dataclasses import dataclass

import jwt
from django.conf import settings
from django.utils import timezone

TOKEN_LIFETIME = datetime.timedelta(minutes=10)


def jitsi_domain() -> str:
    """The domain as the iframe API wants it: host and port, no scheme."""
    return settings.JITSI_ORIGIN.split("://", 1)[1]


@dataclass(frozen=True)
class RoomConfig:
    """What the live page hands to `JitsiMeetExternalAPI`; never the app secret."""

    domain: str
    script_url: str
    room_name: str
    display_name: str
    subject: str
    jwt: str | None

    @property
    def room_url(self) -> str:
        url = f"{settings.JITSI_ORIGIN}/{self.room_name}"
        return f"{url}?jwt={self.jwt}" if self.jwt else url

    def as_dict(self) -> dict:
        return {
            "domain": self.domain,
            "roomName": self.room_name,
            "displayName": self.display_name,
            "subject": self.subject,
            "jwt": self.jwt,
            "lang": "de",
        }


def room_token(*, room_name: str, name: str, email: str, moderator: bool) -> str | None:
    """A short-lived HS256 token for Jitsi with token authentication, if it is configured."""
    if not (settings.JITSI_APP_ID and settings.JITSI_APP_SECRET):
        return None
    now = timezone.now()
    claims = {
        "aud": "jitsi",
        "iss": settings.JITSI_APP_ID,
        "sub": jitsi_domain(),
        "room": room_name,
        "iat": now,
        "nbf": now - datetime.timedelta(seconds=30),
        "exp": now + TOKEN_LIFETIME,
        "context": {"user": {"name": name, "email": email, "moderator": moderator}},
    }
    return jwt.encode(claims, settings.JITSI_APP_SECRET, algorithm="HS256")


def room_config(meeting, *, name: str, email: str, moderator: bool) -> RoomConfig:
    return RoomConfig(
        domain=jitsi_domain(),
        script_url=f"{settings.JITSI_ORIGIN}/external_api.js",
        room_name=meeting.jitsi_room,
        display_name=name,
        subject=f"{meeting.number}. Sitzung – {meeting.body.name}",
        jwt=room_token(room_name=meeting.jitsi_room, name=name, email=email, moderator=moderator),
    )
