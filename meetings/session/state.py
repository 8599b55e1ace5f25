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


def attendance_slice(meeting: Meeting, audience: str) -> list[dict]:
    # Plain rows, not model instances: a reconnecting council of 1,000 asks for this often.
    states = {
        person: (state, changed)
        for person, state, changed in meeting.attendances.values_list(
            "person_id", "state", "changed"
        )
    }
    rows = []
    for seat in seats(meeting).values(
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
                "since": iso(changed),
            }
        )
    return rows


def quorum_slice(meeting: Meeting, audience: str, attendance: list[dict] | None = None) -> dict:
    """Quorum from the roll call; pass the `attendance` slice if it is already at hand."""
    attendance = attendance if attendance is not None else attendance_slice(meeting, audience)
    present = sum(1 for row in attendance if row["voting"] and row["state"] in PRESENT_STATES)
    result = quorum(
        rule=meeting.body.quorum_rule,
        legal_member_count=meeting.body.legal_member_count,
        present_voting_members=present,
    )
    return {
        "present": result.present,
        "required": result.required,
        "legal": meeting.body.legal_member_count,
        "has_quorum": result.has_quorum,
        "remote": sum(1 for row in attendance if row["state"] == "remote"),
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


def slices(meeting: Meeting, audience: str, names=SLICES, *, attendance=None) -> dict:
    """The named slices for one audience. The roll call is the same for every audience and the
    costliest slice: it is built once here, and can be handed in when already built."""
    if attendance is None and {"attendance", "quorum"} & set(names):
        attendance = attendance_slice(meeting, audience)
    result = {}
    for name in names:
        if name == "attendance":
            result[name] = attendance
        elif name == "quorum":
            result[name] = quorum_slice(meeting, audience, attendance)
        else:
            result[name] = BUILDERS[name](meeting, audience)
    return result


def views(meeting: Meeting, names, *, announce=None, public=True) -> dict:
    """The message of one event for every audience: the changed slices, as each may see them.

    `announce` is a text for screen readers ({"de": …, "en": …}); `public` is False when the
    public may not even learn that something happened (a conflict on a non-public item), or a
    different announcement for them.
    """
    inner = {"state": slices(meeting, "members", names)}
    if announce:
        inner["announce"] = announce
    result = {"staff": inner, "members": inner}
    if public is not False:
        outer = {
            "state": slices(meeting, "public", names, attendance=inner["state"].get("attendance"))
        }
        public_announce = announce if public is True else public
        if public_announce:
            outer["announce"] = public_announce
        result["public"] = outer
    return result
