"""Permission matrix: every page, download, feed, form action and websocket request of Ratssaal,
for each of six users, in one table: allowed or refused, and how.

The scene is a running meeting of the Stadtrat in its non-public item (`scene.build_scene`), built
once for the module in a transaction rolled back at the end; each case runs in a savepoint of its
own, so an allowed action (a deletion, a close) is undone before the next case.

`ADDRESSES` has an entry for every named URL of `config/urls.py` and `MATRIX` a row for each
of them: a new page without a row fails `test_every_named_url_has_a_row`. Whether non-public
content leaks on a channel the user may open is `tests/meetings/test_leakage.py`'s and
`tests/live/test_socket_public_leakage.py`'s business; here, the socket's snapshot per role.
"""

import io
import json

import pypdf
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from meetings.live import protocol
from meetings.live.access import identify
from meetings.live.snapshot import Snapshots, snapshot
from meetings.session.errors import LiveError
from tests.security.scene import PAST_SECRET_TITLE, ROLES, build_scene

pytestmark = pytest.mark.django_db

OK = "ok"  # 2xx, or a redirect elsewhere than the login page (a form done)
LOGIN = "login"  # redirected to the login page
DENIED = "403"
HIDDEN = "404"  # never a 403 where that would reveal that the thing exists
SEES, NO = "sees", "no"  # the socket: non-public content in the snapshot, or none


# --- where each named URL points in the scene ----------------------------------------------------

ADDRESSES = {
    "home": lambda s: [],
    "body-list": lambda s: [],
    "body-detail": lambda s: [s["body"].pk],
    "person-detail": lambda s: [s["users"]["member"].person.pk],
    "meeting-list": lambda s: [],
    "meeting-detail": lambda s: [s["meeting"].pk],
    "public-notice": lambda s: [s["meeting"].pk],
    "invitation-pdf": lambda s: [s["meeting"].pk],
    "meeting-live": lambda s: [s["meeting"].pk],
    "meeting-live-action": lambda s: [s["meeting"].pk],
    "meeting-display": lambda s: [s["meeting"].pk],
    "meeting-event-log": lambda s: [s["meeting"].pk],
    "meeting-create": lambda s: [],
    "meeting-edit": lambda s: [s["meeting"].pk],
    "agenda-edit": lambda s: [s["meeting"].pk],
    "agenda-item-edit": lambda s: [s["meeting"].pk, s["secret_item"].pk],
    "agenda-item-move": lambda s: [s["meeting"].pk, s["secret_item"].pk],
    "agenda-item-delete": lambda s: [s["meeting"].pk, s["secret_item"].pk],
    "meeting-invite": lambda s: [s["meeting"].pk],
    "meeting-send-update": lambda s: [s["meeting"].pk],
    "meeting-cancel": lambda s: [s["meeting"].pk],
    "dispatch-resend": lambda s: [s["meeting"].pk, s["dispatch"].pk],
    "standard-items-edit": lambda s: [s["body"].pk],
    "paper-list": lambda s: [],
    "paper-create": lambda s: [],
    "paper-detail": lambda s: [s["paper"].pk],
    "paper-edit": lambda s: [s["paper"].pk],
    "document-download": lambda s: [s["document"].pk],
    "calendar-feed": lambda s: [],
    "body-calendar-feed": lambda s: [s["body"].pk],
    "private-calendar-feed": lambda s: [s["token"]],
    "calendar-settings": lambda s: [],
    "login": lambda s: [],
    "logout": lambda s: [],
    "password_change": lambda s: [],
    "password_change_done": lambda s: [],
    "set_language": lambda s: [],
    "healthz": lambda s: [],
    "admin:index": lambda s: [],
    "audit-log": lambda s: [],
    # The OParl API: public data only, the same for everyone (see tests/oparl/).
    "oparl:system": lambda s: [],
    "oparl:body-list": lambda s: [],
    "oparl:body": lambda s: [s["municipality"].pk],
    "oparl:body-objects": lambda s: [s["municipality"].pk, "meeting"],
    "oparl:organization-gremium": lambda s: [s["body"].pk],
    "oparl:organization-meetings": lambda s: [s["body"].pk],
    "oparl:organization-fraktion": lambda s: [s["faction"].pk],
    "oparl:legislative-term": lambda s: [s["faction"].legislative_term_id],
    "oparl:person": lambda s: [s["users"]["member"].person.pk],
    "oparl:membership": lambda s: [s["users"]["member"].person.memberships.first().pk],
    "oparl:meeting": lambda s: [s["meeting"].pk],
    "oparl:meeting-invitation": lambda s: [s["meeting"].pk],
    "oparl:meeting-results-protocol": lambda s: [s["past_meeting"].pk],
    "oparl:agenda-item": lambda s: [s["secret_item"].pk],
    "oparl:paper": lambda s: [s["paper"].pk],
    "oparl:consultation": lambda s: [s["paper"].consultations.first().pk],
    "oparl:file": lambda s: [s["document"].pk],
    "oparl:location": lambda s: [s["meeting"].location_id],
    "minutes-archive": lambda s: [],
    "minutes-verify": lambda s: [],
    "minutes-full-pdf": lambda s: [s["published_version"].pk],
    "minutes-public-pdf": lambda s: [s["published_version"].pk],
    "minutes-edit": lambda s: [s["past_meeting"].pk],
    "minutes-correct": lambda s: [s["past_meeting"].pk],
    "minutes-finalize": lambda s: [s["past_meeting"].pk],
    "minutes-reopen": lambda s: [s["past_meeting"].pk],
    "minutes-publish": lambda s: [s["past_meeting"].pk],
    "minutes-preview": lambda s: [s["past_meeting"].pk],
    "minutes-sign": lambda s: [s["past_meeting"].pk],
}

# What a form action posts: enough to pass the guards; a form may still refuse its content.
POSTED = {
    "meeting-live-action": {"type": "meeting.interrupt", "reason": "Pause"},
    "agenda-item-move": {"direction": "up"},
    "set_language": {"language": "en", "next": "/"},
    "calendar-settings": {"action": "renew"},
    "minutes-sign": {"key_source": "stored"},
}

# --- the table -----------------------------------------------------------------------------------
# Columns: anonymous, member of another body, member, conflicted member, chair, secretariat.
# The chair runs the session (live requests) but prepares no meetings: that is the secretariat's.
# fmt: off
A, H, D, L = OK, HIDDEN, DENIED, LOGIN
MATRIX: dict[tuple[str, str], tuple[str, ...]] = {
    #                                    anon  other member confl. chair  secretariat
    ("home", "GET"):                     (A,   A,    A,     A,     A,     A),
    ("body-list", "GET"):                (A,   A,    A,     A,     A,     A),
    ("body-detail", "GET"):              (A,   A,    A,     A,     A,     A),
    ("person-detail", "GET"):            (A,   A,    A,     A,     A,     A),
    ("meeting-list", "GET"):             (A,   A,    A,     A,     A,     A),
    ("meeting-detail", "GET"):           (A,   A,    A,     A,     A,     A),
    ("public-notice", "GET"):            (A,   A,    A,     A,     A,     A),
    ("invitation-pdf", "GET"):           (H,   H,    A,     A,     A,     A),
    ("meeting-live", "GET"):             (A,   A,    A,     A,     A,     A),
    ("meeting-display", "GET"):          (A,   A,    A,     A,     A,     A),
    ("meeting-event-log", "GET"):        (H,   H,    H,     H,     A,     A),
    ("document-download", "GET"):        (H,   H,    A,     A,     A,     A),
    ("paper-list", "GET"):               (A,   A,    A,     A,     A,     A),
    ("paper-detail", "GET"):             (H,   H,    A,     A,     A,     A),
    ("calendar-feed", "GET"):            (A,   A,    A,     A,     A,     A),
    ("body-calendar-feed", "GET"):       (A,   A,    A,     A,     A,     A),
    # The secret address is the key: whoever has it gets the feed of its owner.
    ("private-calendar-feed", "GET"):    (A,   A,    A,     A,     A,     A),
    ("calendar-settings", "GET"):        (L,   A,    A,     A,     A,     A),
    ("calendar-settings", "POST"):       (L,   A,    A,     A,     A,     A),
    ("login", "GET"):                    (A,   A,    A,     A,     A,     A),
    ("logout", "POST"):                  (A,   A,    A,     A,     A,     A),
    ("password_change", "GET"):          (L,   A,    A,     A,     A,     A),
    ("password_change_done", "GET"):     (L,   A,    A,     A,     A,     A),
    ("set_language", "POST"):            (A,   A,    A,     A,     A,     A),
    ("healthz", "GET"):                  (A,   A,    A,     A,     A,     A),
    # Django's admin is for superusers; nobody here is staff.
    ("admin:index", "GET"):              (L,   L,    L,     L,     L,     L),
    # The plain form of the live requests: its answer is a redirect for everyone; whether the
    # request was carried out is checked by its effect (see `live_action_outcome`).
    ("meeting-live-action", "POST"):     (D,   D,    D,     D,     A,     A),
    ("meeting-create", "GET"):           (L,   D,    D,     D,     D,     A),
    ("meeting-create", "POST"):          (L,   D,    D,     D,     D,     A),
    ("meeting-edit", "GET"):             (L,   D,    D,     D,     D,     A),
    ("meeting-edit", "POST"):            (L,   D,    D,     D,     D,     A),
    ("agenda-edit", "GET"):              (L,   D,    D,     D,     D,     A),
    ("agenda-edit", "POST"):             (L,   D,    D,     D,     D,     A),
    ("agenda-item-edit", "GET"):         (L,   D,    D,     D,     D,     A),
    ("agenda-item-edit", "POST"):        (L,   D,    D,     D,     D,     A),
    ("agenda-item-move", "POST"):        (L,   D,    D,     D,     D,     A),
    ("agenda-item-delete", "POST"):      (L,   D,    D,     D,     D,     A),
    ("meeting-invite", "GET"):           (L,   D,    D,     D,     D,     A),
    ("meeting-invite", "POST"):          (L,   D,    D,     D,     D,     A),
    ("meeting-send-update", "POST"):     (L,   D,    D,     D,     D,     A),
    ("meeting-cancel", "GET"):           (L,   D,    D,     D,     D,     A),
    ("meeting-cancel", "POST"):          (L,   D,    D,     D,     D,     A),
    ("dispatch-resend", "POST"):         (L,   D,    D,     D,     D,     A),
    ("standard-items-edit", "GET"):      (L,   D,    D,     D,     D,     A),
    ("standard-items-edit", "POST"):     (L,   D,    D,     D,     D,     A),
    ("paper-create", "GET"):             (L,   D,    D,     D,     D,     A),
    ("paper-create", "POST"):            (L,   D,    D,     D,     D,     A),
    ("paper-edit", "GET"):               (L,   D,    D,     D,     D,     A),
    ("audit-log", "GET"):                (L,   D,    D,     D,     D,     A),
    ("paper-edit", "POST"):              (L,   D,    D,     D,     D,     A),
    ("oparl:system", "GET"):             (A,   A,    A,     A,     A,     A),
    ("oparl:body-list", "GET"):          (A,   A,    A,     A,     A,     A),
    ("oparl:body", "GET"):               (A,   A,    A,     A,     A,     A),
    ("oparl:body-objects", "GET"):       (A,   A,    A,     A,     A,     A),
    ("oparl:organization-gremium", "GET"): (A, A,    A,     A,     A,     A),
    ("oparl:organization-meetings", "GET"): (A, A,   A,     A,     A,     A),
    ("oparl:organization-fraktion", "GET"): (A, A,   A,     A,     A,     A),
    ("oparl:legislative-term", "GET"):   (A,   A,    A,     A,     A,     A),
    ("oparl:person", "GET"):             (A,   A,    A,     A,     A,     A),
    ("oparl:membership", "GET"):         (A,   A,    A,     A,     A,     A),
    ("oparl:meeting", "GET"):            (A,   A,    A,     A,     A,     A),
    ("oparl:meeting-invitation", "GET"): (A,   A,    A,     A,     A,     A),
    ("oparl:meeting-results-protocol", "GET"): (A, A, A,   A,     A,     A),
    ("oparl:location", "GET"):           (A,   A,    A,     A,     A,     A),
    # The non-public item, its paper, consultation and document: not in the API for anyone.
    ("oparl:agenda-item", "GET"):        (H,   H,    H,     H,     H,     H),
    ("oparl:paper", "GET"):              (H,   H,    H,     H,     H,     H),
    ("oparl:consultation", "GET"):       (H,   H,    H,     H,     H,     H),
    ("oparl:file", "GET"):               (H,   H,    H,     H,     H,     H),
    # The minutes of the past meeting: version 1 published, version 2 awaiting signatures.
    ("minutes-archive", "GET"):          (A,   A,    A,     A,     A,     A),
    ("minutes-verify", "GET"):           (A,   A,    A,     A,     A,     A),
    ("minutes-verify", "POST"):          (A,   A,    A,     A,     A,     A),
    ("minutes-public-pdf", "GET"):       (A,   A,    A,     A,     A,     A),
    ("minutes-full-pdf", "GET"):         (H,   H,    A,     A,     A,     A),
    ("minutes-edit", "GET"):             (L,   D,    D,     D,     D,     A),
    ("minutes-edit", "POST"):            (L,   D,    D,     D,     D,     A),
    ("minutes-correct", "GET"):          (L,   D,    D,     D,     D,     A),
    ("minutes-correct", "POST"):         (L,   D,    D,     D,     D,     A),
    ("minutes-finalize", "POST"):        (L,   D,    D,     D,     D,     A),
    ("minutes-reopen", "POST"):          (L,   D,    D,     D,     D,     A),
    ("minutes-publish", "POST"):         (L,   D,    D,     D,     D,     A),
    ("minutes-preview", "GET"):          (L,   D,    D,     D,     D,     A),
    # Only the recorder (the secretariat) and the chair of these minutes find the signing page;
    # the chair's early POST is refused on the page (the recorder signs first).
    ("minutes-sign", "GET"):             (L,   H,    H,     H,     A,     A),
    ("minutes-sign", "POST"):            (L,   H,    H,     H,     A,     A),
}
# fmt: on

# --- the socket ------------------------------------------------------------------------------
# A request is refused by role with `forbidden`; anything else (carried out, or refused because
# of the meeting's state) means the role may send it. The message of each type, in the scene:
MESSAGES = {
    "meeting.start": lambda s: {},
    "meeting.close": lambda s: {},
    "meeting.interrupt": lambda s: {"reason": "Pause"},
    "meeting.resume": lambda s: {},
    "attendance.mark": lambda s: {"person": s["users"]["member"].person.pk, "state": "remote"},
    "attendance.all_present": lambda s: {},
    "agenda.call": lambda s: {"item": s["public_item"].pk},
    "agenda.status": lambda s: {"item": s["secret_item"].pk, "status": "done"},
    "speakers.add": lambda s: {"person": s["users"]["chair"].person.pk, "kind": "speech"},
    "speakers.remove": lambda s: {"request": s["speaker_request"]},
    "speakers.move": lambda s: {"request": s["speaker_request"], "direction": "up"},
    "speakers.start": lambda s: {"request": s["speaker_request"]},
    "speakers.stop": lambda s: {"request": s["speaker_request"]},
    "conflict.record": lambda s: {
        "item": s["secret_item"].pk,
        "person": s["users"]["member"].person.pk,
    },
    "conflict.withdraw": lambda s: {
        "item": s["secret_item"].pk,
        "person": s["users"]["conflicted_member"].person.pk,
    },
    "failure.record": lambda s: {"person": s["users"]["member"].person.pk},
    "failure.decide": lambda s: {"failure": 1, "fault": "member", "decision": "Wiederholen"},
    "ballot.prepare": lambda s: {"item": s["public_item"].pk, "kind": "named"},
    "ballot.open": lambda s: {"ballot": s["ballot"].pk},
    "ballot.close": lambda s: {"ballot": s["ballot"].pk},
    "ballot.annul": lambda s: {"ballot": s["ballot"].pk, "reason": "Formfehler"},
    "ballot.record": lambda s: {
        "ballot": s["ballot"].pk,
        "person": s["users"]["member"].person.pk,
        "choice": "yes",
        "request_id": "matrix",
    },
    "cast": lambda s: {"ballot": s["ballot"].pk, "choice": "yes", "request_id": "matrix"},
    "speakers.request": lambda s: {"kind": "point_of_order"},
    "speakers.withdraw": lambda s: {"request": s["speaker_request"]},
    "conflict.declare": lambda s: {"item": s["secret_item"].pk},
    "failure.report": lambda s: {},
    "remote.joined": lambda s: {},
    "remote.left": lambda s: {},
}

F = "forbidden"
STAFF_ONLY = (F, F, F, F, A, A)
MEMBERS_ONLY = (F, F, A, A, A, F)
# fmt: off
SOCKET_MATRIX: dict[str, tuple[str, ...]] = {
    #                        anon  other member confl. chair  secretariat
    "ws:connect":            (A,   A,    A,     A,     A,     A),
    # Non-public content in what a socket gets: for the body's members and staff only.
    "ws:snapshot":           (NO,  NO,   SEES,  SEES,  SEES,  SEES),
    **dict.fromkeys(
        [f"ws:{t}" for t, r in protocol.REQUESTS.items() if r.role == protocol.STAFF], STAFF_ONLY
    ),
    **dict.fromkeys(
        [f"ws:{t}" for t, r in protocol.REQUESTS.items() if r.role == protocol.MEMBER],
        MEMBERS_ONLY,
    ),
    # A conflicted member takes no part in the item's vote; only its owner withdraws a request.
    "ws:cast":               (F,   F,    A,     "not_eligible", A, F),
    "ws:speakers.withdraw":  (F,   F,    A,     F,     F,     F),
}
# fmt: on


# --- the scene, once per module ------------------------------------------------------------------

MATRIX_PASSPHRASE = "matrix-passphrase"


@pytest.fixture(scope="module")
def module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(scope="module")
def scene(django_db_setup, django_db_blocker, module_media):
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=module_media,
            SIGNING_KEYSTORE_DIR=module_media / "signing",
            SIGNING_PASSPHRASE=MATRIX_PASSPHRASE,
        ),
        transaction.atomic(),
    ):
        yield build_scene()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def media_root(settings, module_media):
    """The scene's files and signing keys, for every case (instead of a fresh folder per test)."""
    settings.MEDIA_ROOT = module_media
    settings.SIGNING_KEYSTORE_DIR = module_media / "signing"
    settings.SIGNING_PASSPHRASE = MATRIX_PASSPHRASE
    return module_media


def http_outcome(response) -> str:
    if response.status_code in (301, 302) and response.url.split("?")[0].endswith("/login/"):
        return LOGIN
    if response.status_code < 400:
        return OK
    return str(response.status_code)


def live_action_outcome(scene, client, url) -> str:
    """The live form redirects whatever happened: carried out is what the event log says."""
    before = scene["meeting"].events.count()
    response = client.post(url, POSTED["meeting-live-action"])
    assert response.status_code == 302
    return OK if scene["meeting"].events.count() > before else DENIED


def http_cases():
    for (name, method), row in MATRIX.items():
        for role, expected in zip(ROLES, row, strict=True):
            yield pytest.param(name, method, role, expected, id=f"{name}-{method}-{role}")


@pytest.mark.parametrize(("name", "method", "role", "expected"), list(http_cases()))
def test_http_permission(scene, client, name, method, role, expected):
    if user := scene["users"][role]:
        client.force_login(user)
    url = reverse(name, args=ADDRESSES[name](scene))

    if name == "meeting-live-action":
        outcome = live_action_outcome(scene, client, url)
    elif method == "POST":
        outcome = http_outcome(client.post(url, POSTED.get(name, {})))
    else:
        outcome = http_outcome(client.get(url))

    assert outcome == expected


def socket_outcome(scene, user, kind: str) -> str:
    meeting = scene["meeting"]
    if kind == "connect":
        return OK if identify(user, meeting.pk) is not None else DENIED
    if kind == "snapshot":
        you = identify(user, meeting.pk)
        audience = you["audience"]
        texts = [
            json.loads(snapshot(meeting.pk, audience, "de", you, page=page, cache=Snapshots()))
            for page in (False, True)
        ]
        text = json.dumps(texts, ensure_ascii=False)
        return SEES if scene["secret_item"].title in text else NO
    message = {"type": kind, **MESSAGES[kind](scene)}
    try:
        protocol.handle(user, meeting.pk, message)
    except LiveError as error:
        # The meeting is visible to all: any other refusal is about its state, after the role.
        return error.code if error.code in {"forbidden", "not_eligible"} else OK
    return OK


def socket_cases():
    for row, expected_row in SOCKET_MATRIX.items():
        for role, expected in zip(ROLES, expected_row, strict=True):
            yield pytest.param(row, role, expected, id=f"{row}-{role}")


@pytest.mark.parametrize(("row", "role", "expected"), list(socket_cases()))
def test_socket_permission(scene, row, role, expected):
    user = scene["users"][role] or AnonymousUser()

    assert socket_outcome(scene, user, row.removeprefix("ws:")) == expected


def named_urls(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if inner == "admin":
                # Django's admin guards all of its pages alike: its index stands for them.
                yield "admin:index"
                continue
            yield from named_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_url_has_a_row():
    names = set(named_urls(get_resolver().url_patterns))

    assert names - set(ADDRESSES) == set(), "add the new page to ADDRESSES and MATRIX"
    assert names - {name for name, _method in MATRIX} == set()


def test_every_socket_request_has_a_row():
    assert {f"ws:{t}" for t in protocol.REQUESTS} <= set(SOCKET_MATRIX)
    assert set(MESSAGES) == set(protocol.REQUESTS)


# --- the minutes' files: non-public titles only where the user may see them ---------------------

MINUTES_CHANNELS = {
    # channel: (address, whether the body's members and staff see the non-public title there)
    "archive": (lambda s: reverse("minutes-archive"), False),
    "public-pdf": (
        lambda s: reverse("minutes-public-pdf", args=[s["published_version"].pk]),
        False,
    ),
    "full-pdf": (lambda s: reverse("minutes-full-pdf", args=[s["published_version"].pk]), True),
}
INSIDERS = {"member", "conflicted_member", "chair", "secretariat"}


def readable_text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content.startswith(b"%PDF"):
        reader = pypdf.PdfReader(io.BytesIO(content))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    return content.decode()


def minutes_leak_cases():
    for channel, (_address, insiders_see) in MINUTES_CHANNELS.items():
        for role in ROLES:
            sees = insiders_see and role in INSIDERS
            yield pytest.param(channel, role, SEES if sees else NO, id=f"{channel}-{role}")


@pytest.mark.parametrize(("channel", "role", "expected"), list(minutes_leak_cases()))
def test_minutes_files_show_non_public_titles_only_to_insiders(
    scene, client, channel, role, expected
):
    if user := scene["users"][role]:
        client.force_login(user)
    address, _insiders_see = MINUTES_CHANNELS[channel]

    response = client.get(address(scene))

    text = readable_text(response) if response.status_code == 200 else ""
    assert (SEES if PAST_SECRET_TITLE in text else NO) == expected
