"""The state of a live meeting as one audience may see it, in slices that events carry.

`staff` and `members` see everything of the meeting; `public` sees the public part only: no
non-public item, no speaker or conflict on one, and no connection failure reports.
"""

from django.urls import reverse
from django.utils import timezone

from council.models import Membership, joined_name
from meetings.models import (
    PRESENT_STATES,
    AgendaItem,
    Attendance,
    ConnectionFailure,
    Meeting,
    SpeakerRequest,
)
from meetings.session.rules import STATE_LAWS, quorum

SLICES = ("meeting", "attendance", "quorum", "agenda", "current", "speakers", "failures")


def iso(moment):
    return moment.isoformat() if moment else None


def seats(meeting: Meeting):
    """The memberships of the body on the day of the meeting: who belongs to the roll call."""
    return (
        Membership.objects.on(timezone.localdate(meeting.start))
        .filter(body=meeting.body)
        .select_related("person", "faction")
    )


def meeting_slice(meeting: Meeting, audience: str) -> dict:
    interruption = meeting.interruptions.filter(ended__isnull=True).first()
    return {
        "id": meeting.pk,
        "title": f"{meeting.number}. Sitzung – {meeting.body.name}",
        "state": meeting.state,
        "start": iso(meeting.start),
        "started": iso(meeting.started),
        "closed": iso(meeting.closed),
        "hybrid": meeting.is_hybrid,
        "interruption": {"reason": interruption.reason, "since": iso(interruption.started)}
        if interruption
        else None,
    }


def attendance_slice(meeting: Meeting, audience: str, persons=None) -> list[dict]:
    """The roll call, one row per seat; only the rows of `persons` if given (what an event about
    them carries: one row, whatever the size of the body)."""
    # Plain rows, not model instances: a reconnecting council of 1,000 asks for this often.
    attendances = meeting.attendances.all()
    seated = seats(meeting)
    if persons is not None:
        attendances = attendances.filter(person_id__in=persons)
        seated = seated.filter(person_id__in=persons)
    states = {
        person: (state, changed)
        for person, state, changed in attendances.values_list("person_id", "state", "changed")
    }
    # A row's place in the whole roll call, so that a page can put a changed row where it belongs.
    order = {
        person: index
        for index, person in enumerate(seats(meeting).values_list("person_id", flat=True))
    }
    rows = []
    for seat in seated.values(
        "person_id",
        "person__title",
        "person__given_name",
        "person__family_name",
        "faction__short_name",
        "role",
        "voting_right",
    ):
        state, changed = states.get(seat["person_id"], (Attendance.State.UNKNOWN, None))
        rows.append(
            {
                "person": seat["person_id"],
                "name": joined_name(
                    seat["person__title"], seat["person__given_name"], seat["person__family_name"]
                ),
                "faction": seat["faction__short_name"],
                "role": seat["role"],
                "voting": seat["voting_right"],
                "state": state,
                # Nothing recorded yet has no time, whether or not its row exists.
                "since": iso(changed) if state != Attendance.State.UNKNOWN else None,
                "order": order[seat["person_id"]],
            }
        )
    return rows


def quorum_slice(meeting: Meeting, audience: str) -> dict:
    """Quorum, counted in the database: an event about one member need not read the roll call."""
    present = seats(meeting).filter(
        voting_right=True,
        person__attendances__meeting=meeting,
        person__attendances__state__in=PRESENT_STATES,
    )
    remote = seats(meeting).filter(
        person__attendances__meeting=meeting,
        person__attendances__state=Attendance.State.REMOTE,
    )
    result = quorum(
        rule=meeting.body.quorum_rule,
        legal_member_count=meeting.body.legal_member_count,
        present_voting_members=present.count(),
    )
    return {
        "present": result.present,
        "required": result.required,
        "legal": meeting.body.legal_member_count,
        "has_quorum": result.has_quorum,
        "remote": remote.count(),
        "law": STATE_LAWS[meeting.body.state_law_profile].name,
    }


def visible_items(meeting: Meeting, audience: str):
    items = meeting.agenda_items.select_related("consultation__paper").prefetch_related(
        "documents", "conflicts__person"
    )
    return items if audience != "public" else items.filter(is_public=True)


def agenda_slice(meeting: Meeting, audience: str) -> list[dict]:
    return [
        {
            "id": item.pk,
            "number": item.number,
            "title": item.title,
            "public": item.is_public,
            "status": item.status,
            "paper": paper_reference(item),
            "documents": [
                {"title": document.title, "url": reverse("document-download", args=[document.pk])}
                for document in item.documents.all()
            ],
            "conflicts": [
                {"person": conflict.person_id, "name": conflict.person.full_name}
                for conflict in item.conflicts.all()
            ],
        }
        for item in visible_items(meeting, audience)
    ]


def paper_reference(item: AgendaItem) -> str | None:
    try:
        return item.consultation.paper.reference
    except AgendaItem.consultation.RelatedObjectDoesNotExist:
        return None


def current_slice(meeting: Meeting, audience: str) -> dict:
    item = meeting.current_item
    if item is None:
        return {"item": None, "non_public": False}
    if audience == "public" and not item.is_public:
        return {"item": None, "non_public": True}
    return {"item": item.pk, "non_public": not item.is_public}


def speakers_slice(meeting: Meeting, audience: str) -> dict:
    item = meeting.current_item
    if item is None or (audience == "public" and not item.is_public):
        return {"item": None, "list": []}
    requests = item.speakers.filter(
        state__in=[SpeakerRequest.State.WAITING, SpeakerRequest.State.SPEAKING]
    ).select_related("person")
    ordered = sorted(
        requests,
        key=lambda r: (r.state != "speaking", r.kind != "point_of_order", r.position),
    )
    return {
        "item": item.pk,
        "list": [
            {
                "id": request.pk,
                "person": request.person_id,
                "name": request.person.full_name,
                "kind": request.kind,
                "state": request.state,
                "requested": iso(request.requested),
                "started": iso(request.started),
            }
            for request in ordered
        ],
    }


def failures_slice(meeting: Meeting, audience: str) -> list[dict]:
    if audience == "public":
        return []
    return [
        {
            "id": failure.pk,
            "person": failure.person_id,
            "name": failure.person.full_name,
            "reported": iso(failure.reported),
            "fault": failure.fault,
            "decision": failure.decision,
        }
        for failure in ConnectionFailure.objects.filter(meeting=meeting).select_related("person")
    ]


BUILDERS = {
    "meeting": meeting_slice,
    "attendance": attendance_slice,
    "quorum": quorum_slice,
    "agenda": agenda_slice,
    "current": current_slice,
    "speakers": speakers_slice,
    "failures": failures_slice,
}


def slices(meeting: Meeting, audience: str, names=SLICES, *, persons=None) -> dict:
    """The named slices for one audience; with `persons`, the roll call holds only their rows."""
    result = {}
    for name in names:
        if name == "attendance":
            result[name] = attendance_slice(meeting, audience, persons)
        else:
            result[name] = BUILDERS[name](meeting, audience)
    return result


def views(meeting: Meeting, names, *, persons=None, announce=None, public=True) -> dict:
    """The message of one event for every audience: the changed slices, as each may see them.

    `persons` are the members whose roll-call rows changed (an attendance event carries only
    theirs). `announce` is a text for screen readers ({"de": …, "en": …}); `public` is False
    when the public may not even learn that something happened (a conflict on a non-public
    item), or a different announcement for them.
    """
    inner = {"state": slices(meeting, "members", names, persons=persons)}
    if announce:
        inner["announce"] = announce
    result = {"staff": inner, "members": inner}
    if public is not False:
        outer_state = slices(meeting, "public", [n for n in names if n != "attendance"])
        if "attendance" in names:
            # The roll call is public (DigiSiVO NRW § 2): the same rows for everyone.
            outer_state["attendance"] = inner["state"]["attendance"]
        outer = {"state": {name: outer_state[name] for name in names}}
        public_announce = announce if public is True else public
        if public_announce:
            outer["announce"] = public_announce
        result["public"] = outer
    return result
