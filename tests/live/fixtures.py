"""A small Stadtrat with an invited meeting: one public and one non-public item, each with a
document, a chair and four members with their own accounts, built through the services.

The fixtures of the live session tests, in a module of their own so that other suites that run a
meeting (tests/voting) import the same ones: each suite's conftest.py imports them all."""

import uuid

import pytest
from django.utils import translation

from council.models import Membership
from meetings.services.documents import add_document
from meetings.session.services.session import start_meeting
from tests.factories import (
    make_body,
    make_membership,
    make_person,
    make_secretariat_user,
    make_user,
)
from tests.live.sockets import Sockets
from tests.meetings.factories import make_item, make_meeting, pdf_bytes, set_state, upload

PUBLIC_TITLE = "Haushaltssatzung 2027"
PUBLIC_DOCUMENT = "Entwurf Haushaltsplan"
SECRET_TITLE = "Grundstücksverkauf Lindenweg 7"
SECRET_TEXT = "Kaufpreis 480.000 Euro"
SECRET_DOCUMENT = "Wertgutachten Lindenweg"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Documents the services store go to a fresh folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english():
    """Messages in English, so that tests can read them; German is the project's default."""
    with translation.override("en"):
        yield


def seat(body, given_name: str, family_name: str, **membership_fields):
    """A user whose person holds a seat in `body`."""
    user = make_user(username=f"{given_name}.{family_name}".lower())
    person = make_person(given_name=given_name, family_name=family_name, user=user)
    make_membership(person=person, body=body, **membership_fields)
    return user


@pytest.fixture
def clerk(db):
    return make_secretariat_user()


@pytest.fixture
def body(db):
    """Five legal members: the chair with a vote and four members; quorum needs three."""
    return make_body(name="Stadtrat", short_name="SR", legal_member_count=5)


@pytest.fixture
def chair(body):
    return seat(body, "Petra", "Hahn", role=Membership.Role.CHAIR)


@pytest.fixture
def member(body):
    return seat(body, "Birgit", "Schwarz")


@pytest.fixture
def others(body):
    """The three other members, who make up the numbers for quorum."""
    return [
        seat(body, "Jonas", "Weber"),
        seat(body, "Lena", "Vogt"),
        seat(body, "Kemal", "Aydin"),
    ]


@pytest.fixture
def outsider(db):
    """A member of another body: logged in, but only the public of this one."""
    return seat(make_body(name="Bauausschuss"), "Otto", "Fremd")


@pytest.fixture
def draft(clerk, body, chair, member, others):
    """A draft meeting of the Stadtrat with its whole roll call seated."""
    return make_meeting(by=clerk, body=body)


@pytest.fixture
def public_item(clerk, draft):
    item = make_item(by=clerk, meeting=draft, title=PUBLIC_TITLE)
    add_document(by=clerk, upload=upload(pdf_bytes()), title=PUBLIC_DOCUMENT, agenda_item=item)
    return item


@pytest.fixture
def secret_item(clerk, draft):
    item = make_item(by=clerk, meeting=draft, title=SECRET_TITLE, text=SECRET_TEXT, is_public=False)
    add_document(by=clerk, upload=upload(pdf_bytes()), title=SECRET_DOCUMENT, agenda_item=item)
    return item


@pytest.fixture
def meeting(draft, public_item, secret_item):
    """The meeting after its invitation: public from now on, not yet started."""
    return set_state(draft, "invited")


@pytest.fixture
def running(clerk, meeting):
    start_meeting(by=clerk, meeting=meeting)
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def play(meeting, clerk, chair, member, others, public_item, secret_item):
    """Plays the whole meeting of `tests.live.scenario` through the protocol; returns a
    coroutine function whose result is the last seq."""
    from tests.live.scenario import play_meeting

    return lambda: play_meeting(
        meeting.pk,
        clerk=clerk,
        chair=chair,
        member=member,
        others=others,
        public_item=public_item,
        secret_item=secret_item,
    )


@pytest.fixture
def channel_layer(settings):
    """With Redis, a prefix of our own: pub/sub channels are shared by every Redis database, and
    other suites may open sockets of a meeting with the same id at the same time."""
    layer = settings.CHANNEL_LAYERS["default"]
    if "CONFIG" in layer:
        config = {**layer["CONFIG"], "prefix": f"ratssaal-live-{uuid.uuid4().hex[:12]}"}
        settings.CHANNEL_LAYERS = {"default": {**layer, "CONFIG": config}}
    return settings.CHANNEL_LAYERS["default"]


@pytest.fixture
async def sockets(channel_layer):
    """Sockets on the project's ASGI application. It is imported here, not at module level:
    its origin check reads ALLOWED_HOSTS when it is built, and pytest-django adds "testserver"
    only when the tests start."""
    from config.asgi import application

    opened = Sockets(application)
    yield opened
    await opened.close_all()
