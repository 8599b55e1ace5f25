"""The token for a self-hosted Jitsi with token authentication (HS256), if one is configured."""

import jwt
import pytest
from django.utils import timezone

from meetings.jitsi import room_config, room_token

SECRET = "jitsi-app-secret-for-tests-0123456789"


@pytest.fixture
def token_auth(settings):
    settings.JITSI_DOMAIN = "meet.musterstadt.de"
    settings.JITSI_ORIGIN = "https://meet.musterstadt.de"
    settings.JITSI_APP_ID = "ratssaal"
    settings.JITSI_APP_SECRET = SECRET


def token(**overrides):
    arguments = {
        "room_name": "ratssaal-" + "0" * 32,
        "name": "Erika Muster",
        "email": "erika@example.org",
        "moderator": False,
    }
    return room_token(**{**arguments, **overrides})


def claims_of(value):
    return jwt.decode(value, SECRET, algorithms=["HS256"], audience="jitsi")


@pytest.mark.parametrize(
    "app_id, secret", [("", ""), ("ratssaal", ""), ("", SECRET)], ids=["none", "id", "secret"]
)
def test_no_token_without_app_id_and_secret(settings, app_id, secret):
    settings.JITSI_APP_ID, settings.JITSI_APP_SECRET = app_id, secret

    assert token() is None


def test_token_names_app_room_domain_and_user(token_auth):
    claims = claims_of(token(moderator=True))

    assert claims["iss"] == "ratssaal"
    assert claims["aud"] == "jitsi"
    assert claims["room"] == "ratssaal-" + "0" * 32
    assert claims["sub"] == "meet.musterstadt.de"
    assert claims["context"]["user"] == {
        "name": "Erika Muster",
        "email": "erika@example.org",
        "moderator": True,
    }


def test_member_is_no_moderator(token_auth):
    assert claims_of(token(moderator=False))["context"]["user"]["moderator"] is False


def test_token_expires_within_ten_minutes(token_auth):
    now = timezone.now().timestamp()

    claims = claims_of(token())

    assert now + 9 * 60 <= claims["exp"] <= now + 10 * 60 + 5
    assert claims["nbf"] <= now <= claims["iat"] + 5


def test_token_signed_with_another_secret_is_rejected(token_auth):
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(
            token(),
            "another-secret-of-the-same-length-0123",
            algorithms=["HS256"],
            audience="jitsi",
        )


def test_room_config_carries_the_token_but_never_the_secret(token_auth, meeting):
    config = room_config(meeting, name="Erika Muster", email="", moderator=False)

    assert config.as_dict()["roomName"] == meeting.jitsi_room
    assert claims_of(config.as_dict()["jwt"])["room"] == meeting.jitsi_room
    assert SECRET not in repr(config.as_dict())
    assert config.room_url == f"https://meet.musterstadt.de/{meeting.jitsi_room}?jwt={config.jwt}"


def test_room_config_without_token_auth_has_no_jwt(settings, meeting):
    settings.JITSI_APP_ID = settings.JITSI_APP_SECRET = ""

    config = room_config(meeting, name="Erika Muster", email="", moderator=False)

    assert config.jwt is None
    assert config.room_url == f"{settings.JITSI_ORIGIN}/{meeting.jitsi_room}"
