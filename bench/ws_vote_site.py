"""The site of bench/ws_vote.py and bench/live_pages.py, built inside the site's Django
(`manage.py shell`).

`build` makes a body of N voting members with accounts and logged-in sessions, the secretariat's
session, and an invited meeting of that body with one item (or more); it records the roll call
(everyone in the hall, written at once), starts the meeting, calls the first item, and prepares
and opens a named ballot on it (unless told not to), each through the live services. `counted`
reads back what the database holds after the vote.

Accounts get unusable passwords and their sessions are written directly (what a login stores),
so that no password is hashed a thousand times.
"""

import datetime

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.auth.models import Permission
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string

from council.models import Body, Faction, LegislativeTerm, Membership, Person, StateLawProfile
from council.permissions import SECRETARIAT_PERMISSION
from meetings.models import Attendance, Meeting, SessionEvent
from meetings.services.agenda import add_item, create_meeting, location_for
from meetings.services.invitations import send_invitation
from meetings.session.events import verify_chain
from meetings.session.services import agenda, session
from voting import services as voting
from voting.models import Ballot, Vote

BODY = "Lastprobe-Versammlung"
FACTIONS = [("A", "Fraktion A"), ("B", "Fraktion B"), ("C", "Fraktion C"), ("D", "Fraktion D")]
GIVEN = ["Anna", "Bernd", "Clara", "Dieter", "Elif", "Frank", "Gül", "Hans", "Ines", "Jörg"]
FAMILY = ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker"]
BACKEND = "django.contrib.auth.backends.ModelBackend"


def build(members: int, *, items: int = 1, ballot: bool = True) -> dict:
    """The site for one run; returns the ids and session keys that the clients need. The
    meeting has `items` public items, the first called; `ballot=False` leaves the vote to the
    benchmark (no ballot prepared)."""
    secretariat = secretariat_user()
    body, people = body_with_members(members)
    meeting, item, *others = invited_meeting(body, by=secretariat, items=items)
    # The roll call in one write before the start: marked one by one, it would record 1,000
    # events, each carrying the whole roll call for two audiences (~300 KB). The start (the
    # service) then opens everyone's presence and records the roll call in its event, so the
    # event log and the tables agree; `counted` checks the hash chain at the end.
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, person=person, state=Attendance.State.HALL) for person in people
    )
    session.start_meeting(by=secretariat, meeting=meeting)
    agenda.call_item(by=secretariat, meeting=meeting, item_id=item.pk)
    ballot_id = open_named_ballot(meeting, item, by=secretariat) if ballot else None
    return {
        "meeting": meeting.pk,
        "items": [item.pk, *(other.pk for other in others)],
        "ballot": ballot_id,
        "eligible": Ballot.objects.get(pk=ballot_id).eligible_count if ballot else None,
        "secretariat": sessions_for([secretariat])[0],
        "members": [
            [person.pk, key]
            for person, key in zip(people, sessions_for([p.user for p in people]), strict=True)
        ],
    }


def open_named_ballot(meeting: Meeting, item, *, by) -> int:
    prepared = voting.prepare_ballot(
        by=by, meeting=meeting, item_id=item.pk, question="", kind=Ballot.Kind.NAMED
    )
    ballot_id = prepared.data["ballot"]
    voting.open_ballot(by=by, meeting=meeting, ballot_id=ballot_id)
    return ballot_id


def secretariat_user():
    user = get_user_model().objects.create(
        username="sitzungsdienst", password=f"!{get_random_string(40)}", first_name="Sitzungsdienst"
    )
    app_label, codename = SECRETARIAT_PERMISSION.split(".")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
    )
    return user


@transaction.atomic
def body_with_members(count: int) -> tuple[Body, list[Person]]:
    today = timezone.localdate()
    term = LegislativeTerm.objects.create(
        name="Wahlperiode Lastprobe",
        start_date=today - datetime.timedelta(days=365),
        end_date=today + datetime.timedelta(days=4 * 365),
    )
    factions = [
        Faction.objects.create(short_name=short, name=name, legislative_term=term)
        for short, name in FACTIONS
    ]
    body = Body.objects.create(
        name=BODY,
        short_name="LP",
        kind=Body.Kind.COUNCIL,
        legal_member_count=count,
        state_law_profile=StateLawProfile.NRW,
    )
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"mitglied{number:05d}", password=f"!{get_random_string(40)}")
        for number in range(1, count + 1)
    )
    people = Person.objects.bulk_create(
        Person(
            given_name=GIVEN[number % len(GIVEN)],
            family_name=f"{FAMILY[number % len(FAMILY)]}-{number:05d}",
            user=user,
        )
        for number, user in enumerate(users, start=1)
    )
    Membership.objects.bulk_create(
        Membership(
            person=person,
            body=body,
            faction=factions[number % len(factions)],
            start_date=term.start_date,
            end_date=term.end_date,
        )
        for number, person in enumerate(people)
    )
    return body, people


def invited_meeting(body: Body, *, by, items: int = 1) -> tuple:
    """The meeting and its items, all public."""
    start = timezone.now()
    meeting = create_meeting(
        by=by,
        body=body,
        start=start,
        planned_end=start + datetime.timedelta(hours=3),
        location=location_for(
            room="Großer Saal", street_address="Markt 1", postal_code="12345", locality="Lastdorf"
        ),
        is_hybrid=True,
    )
    titles = ["Haushaltssatzung 2027", *(f"Antrag {number}" for number in range(2, items + 1))]
    added = [add_item(by=by, meeting=meeting, title=title, is_public=True) for title in titles]
    # The meeting starts now, so the notice period is over: the invitation goes out as urgent.
    send_invitation(by=by, meeting=meeting, urgent_reason="Lastprobe")
    return meeting, *added


def sessions_for(users) -> list[str]:
    """A logged-in session per user, as `django.contrib.auth.login` would store it."""
    store = SessionStore()
    expires = timezone.now() + datetime.timedelta(days=1)
    rows = [
        Session(
            session_key=get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
            session_data=store.encode(
                {
                    SESSION_KEY: str(user.pk),
                    BACKEND_SESSION_KEY: BACKEND,
                    HASH_SESSION_KEY: user.get_session_auth_hash(),
                }
            ),
            expire_date=expires,
        )
        for user in users
    ]
    Session.objects.bulk_create(rows)
    return [row.session_key for row in rows]


def counted(ballot_id: int) -> dict:
    """The ballot as stored, its Vote rows, and whether the meeting's event chain is intact.

    Reads named columns only: the app's models may have gained fields since this site was
    migrated (the benchmark runs against a working tree)."""
    ballot = Ballot.objects.filter(pk=ballot_id).values(
        "state", "yes", "no", "abstain", "eligible_count", "meeting_id"
    )[0]
    meeting = Meeting.objects.only("pk").get(pk=ballot["meeting_id"])
    return {
        "state": ballot["state"],
        "counts": {key: ballot[key] for key in ("yes", "no", "abstain")},
        "eligible": ballot["eligible_count"],
        "votes": list(
            Vote.objects.filter(ballot_id=ballot_id).values_list(
                "person_id", "choice", "request_id", "entered_by_id"
            )
        ),
        "events": SessionEvent.objects.filter(meeting_id=meeting.pk).count(),
        "chain_problems": verify_chain(meeting),
    }
