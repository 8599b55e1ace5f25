"""One small function per OParl object type: a model instance (with what its query set
prefetched) in, the OParl 1.1 JSON object out. They make no database queries of their own.

Embedded objects leave out the reference back to the object they are embedded in, as the
specification asks. Objects that belong to the OParl Body (our municipality) get its address as
`body_url`. Labels (roles, states, paper types) come out in the active language: the views
render them in German, the language of the data.
"""

import datetime

from django.utils import timezone

from council.models import Body, Faction, LegislativeTerm, Membership, Municipality, Person
from meetings.models import (
    AgendaItem,
    Consultation,
    Document,
    Location,
    Meeting,
    Notice,
    Paper,
    RemovedObject,
)
from meetings.oparl import links, results_protocol
from meetings.oparl.queries import public_notice_facts, results_protocol_facts

OPARL_VERSION = "https://schema.oparl.org/1.1/"
PDF = "application/pdf"
CLASSIFICATION = {Body.Kind.COUNCIL: "Rat", Body.Kind.COMMITTEE: "Ausschuss"}
# What a removed object was: its OParl type and the route of its address.
REMOVED = {
    RemovedObject.Kind.AGENDA_ITEM: ("AgendaItem", "agenda-item"),
    RemovedObject.Kind.PAPER: ("Paper", "paper"),
    RemovedObject.Kind.CONSULTATION: ("Consultation", "consultation"),
    RemovedObject.Kind.DOCUMENT: ("File", "file"),
}
BODY_LISTS = {
    "organization": "organization",
    "person": "person",
    "meeting": "meeting",
    "paper": "paper",
    "agendaItem": "agenda-item",
    "consultation": "consultation",
    "file": "file",
    "locationList": "location",
    "legislativeTermList": "legislative-term",
    "membership": "membership",
}


def stamp(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds")


def day(date: datetime.date | None) -> str | None:
    return date.isoformat() if date else None


def compact(data: dict) -> dict:
    """Leave out what Ratssaal has no value for."""
    return {key: value for key, value in data.items() if value is not None}


def header(type_name: str, id_: str, record, *, modified=None) -> dict:
    return {
        "id": id_,
        "type": links.TYPE_PREFIX + type_name,
        "created": stamp(record.created),
        "modified": stamp(modified or record.modified),
    }


def system(town: Municipality) -> dict:
    return {
        **header("System", links.api("system"), town),
        "oparlVersion": OPARL_VERSION,
        "body": links.api("body-list"),
        "name": f"Ratssaal {town.name}",
        "website": links.web("home"),
        "web": links.web("home"),
    }


def body(town: Municipality, *, terms) -> dict:
    return compact(
        {
            **header("Body", links.api("body", town.pk), town),
            "system": links.api("system"),
            "name": town.name,
            "web": links.web("home"),
            **{key: links.api("body-objects", town.pk, name) for key, name in BODY_LISTS.items()},
            "legislativeTerm": [legislative_term(term, body_url=None) for term in terms],
        }
    )


def legislative_term(term: LegislativeTerm, *, body_url: str | None) -> dict:
    return compact(
        {
            **header("LegislativeTerm", links.api("legislative-term", term.pk), term),
            "body": body_url,
            "name": term.name,
            "startDate": day(term.start_date),
            "endDate": day(term.end_date),
        }
    )


def committee(gremium: Body, *, body_url: str) -> dict:
    """A Gremium (council or committee) as an Organization."""
    return {
        **header("Organization", links.api("organization-gremium", gremium.pk), gremium),
        "body": body_url,
        "name": gremium.name,
        "shortName": gremium.short_name or gremium.name,
        "organizationType": "Gremium",
        "classification": CLASSIFICATION.get(gremium.kind, "Gremium"),
        "membership": [links.api("membership", m.pk) for m in gremium.memberships.all()],
        "meeting": links.api("organization-meetings", gremium.pk),
        "web": links.web("body-detail", gremium.pk),
    }


def faction(fraktion: Faction, *, body_url: str) -> dict:
    return {
        **header("Organization", links.api("organization-fraktion", fraktion.pk), fraktion),
        "body": body_url,
        "name": fraktion.name,
        "shortName": fraktion.short_name,
        "organizationType": "Fraktion",
        "classification": "Fraktion",
    }


def person(someone: Person, **_context) -> dict:
    """Name and memberships; the e-mail address and the user account are never shown."""
    return compact(
        {
            **header("Person", links.api("person", someone.pk), someone),
            "name": someone.full_name,
            "familyName": someone.family_name,
            "givenName": someone.given_name,
            "title": [someone.title] if someone.title else None,
            "membership": [membership(m, embedded=True) for m in someone.memberships.all()],
            "web": links.web("person-detail", someone.pk),
        }
    )


def membership(seat: Membership, *, embedded: bool = False, **_context) -> dict:
    return compact(
        {
            **header("Membership", links.api("membership", seat.pk), seat),
            "person": None if embedded else links.api("person", seat.person_id),
            "organization": links.api("organization-gremium", seat.body_id),
            "role": seat.get_role_display(),
            "votingRight": seat.voting_right,
            "startDate": day(seat.start_date),
            "endDate": day(seat.end_date),
            "onBehalfOf": links.api("organization-fraktion", seat.faction_id)
            if seat.faction_id
            else None,
        }
    )


def location(place: Location, **_context) -> dict:
    return {
        **header("Location", links.api("location", place.pk), place),
        "description": str(place),
        "room": place.room,
        "streetAddress": place.street_address,
        "postalCode": place.postal_code,
        "locality": place.locality,
    }


def meeting(session: Meeting, **_context) -> dict:
    """A public meeting with its public agenda items and its public notice as `invitation`."""
    notice = session.notice_list[0] if session.notice_list else None
    return compact(
        {
            **header("Meeting", links.api("meeting", session.pk), session),
            "name": f"{session.number}. Sitzung {session.body.name}",
            "meetingState": session.get_state_display(),
            "cancelled": session.state == Meeting.State.CANCELLED,
            "start": stamp(session.start),
            "end": stamp(session.planned_end),
            "location": location(session.location),
            "organization": [links.api("organization-gremium", session.body_id)],
            "invitation": invitation(notice, embedded=True) if notice else None,
            "resultsProtocol": results(session, embedded=True)
            if getattr(session, results_protocol.RESULTS_FILE)
            else None,
            "agendaItem": [agenda_item(item, embedded=True) for item in session.public_items],
            "web": links.web("meeting-detail", session.pk),
        }
    )


def agenda_item(item: AgendaItem, *, embedded: bool = False, **_context) -> dict:
    consultation = getattr(item, "consultation", None)
    if consultation is not None and not consultation.paper.is_public:
        consultation = None
    decided = consultation is not None and consultation.result != Consultation.Result.PENDING
    return compact(
        {
            **header(
                "AgendaItem", links.api("agenda-item", item.pk), item, modified=item.last_change
            ),
            "meeting": None if embedded else links.api("meeting", item.meeting_id),
            "number": item.number,
            "order": item.order,
            "name": item.title,
            "public": True,
            "consultation": links.api("consultation", consultation.pk) if consultation else None,
            "result": consultation.get_result_display() if decided else None,
            "auxiliaryFile": [file(doc, embedded=True) for doc in item.documents.all()] or None,
        }
    )


def paper(proposal: Paper, *, body_url: str) -> dict:
    files = [file(doc, embedded=True) for doc in proposal.documents.all()]
    return compact(
        {
            **header("Paper", links.api("paper", proposal.pk), proposal),
            "body": body_url,
            "name": proposal.title,
            "reference": proposal.reference,
            "date": day(proposal.date),
            "paperType": proposal.get_kind_display(),
            "mainFile": files[0] if files else None,
            "auxiliaryFile": files[1:] or None,
            "originatorOrganization": [
                links.api("organization-fraktion", proposal.originator_faction_id)
            ]
            if proposal.originator_faction_id
            else None,
            "consultation": [
                consultation(step, embedded=True) for step in proposal.consultations.all()
            ],
            "web": links.web("paper-detail", proposal.pk),
        }
    )


def consultation(step: Consultation, *, embedded: bool = False, **_context) -> dict:
    """A step of a paper's path; the agenda item and meeting only where they are public."""
    item = step.agenda_item
    public_item = item is not None and item.is_public and item.meeting.invited is not None
    return compact(
        {
            **header("Consultation", links.api("consultation", step.pk), step),
            "paper": None if embedded else links.api("paper", step.paper_id),
            "agendaItem": links.api("agenda-item", item.pk) if public_item else None,
            "meeting": links.api("meeting", item.meeting_id) if public_item else None,
            "organization": [links.api("organization-gremium", step.body_id)],
            "authoritative": step.is_decisive,
        }
    )


def file(document: Document, *, embedded: bool = False, **_context) -> dict:
    url = links.web("document-download", document.pk)
    backrefs = {}
    if not embedded:
        if document.paper_id:
            backrefs["paper"] = [links.api("paper", document.paper_id)]
        else:
            backrefs["agendaItem"] = [links.api("agenda-item", document.agenda_item_id)]
            backrefs["meeting"] = [links.api("meeting", document.agenda_item.meeting_id)]
    return {
        **header("File", links.api("file", document.pk), document),
        "name": document.title,
        "fileName": document.original_name,
        "mimeType": PDF,
        "date": day(timezone.localdate(document.created)),
        "size": document.size,
        "sha512Checksum": document.sha512,
        "accessUrl": url,
        "downloadUrl": url,
        **backrefs,
    }


def invitation(notice: Notice, *, embedded: bool = False, **_context) -> dict:
    """The meeting's current public notice (Bekanntmachung) as a File; it never changes once
    written, so its `created` is also its `modified`."""
    url = links.web("public-notice", notice.meeting_id)
    facts = public_notice_facts(notice)
    size, sha512 = facts if facts else (None, None)
    return compact(
        {
            "id": links.api("meeting-invitation", notice.meeting_id),
            "type": links.TYPE_PREFIX + "File",
            "created": stamp(notice.created),
            "modified": stamp(notice.created),
            "name": f"Bekanntmachung (Fassung {notice.version})",
            "fileName": f"bekanntmachung-{notice.meeting_id}-v{notice.version}.pdf",
            "mimeType": PDF,
            "date": day(timezone.localdate(notice.created)),
            "size": size,
            "sha512Checksum": sha512,
            "accessUrl": url,
            "downloadUrl": url,
            "meeting": None if embedded else [links.api("meeting", notice.meeting_id)],
        }
    )


def results(session: Meeting, *, embedded: bool = False, **_context) -> dict:
    """The meeting's published public minutes (annotated by `queries.meetings`) as a File; its
    address stays when a corrected version is published, its `modified` is then that one's."""
    version = getattr(session, results_protocol.RESULTS_VERSION)
    number = getattr(session, results_protocol.RESULTS_NUMBER)
    published = getattr(session, results_protocol.RESULTS_PUBLISHED)
    url = results_protocol.provider().download_url(version)
    facts = results_protocol_facts(getattr(session, results_protocol.RESULTS_FILE))
    size, sha512 = facts if facts else (None, None)
    return compact(
        {
            "id": links.api("meeting-results-protocol", session.pk),
            "type": links.TYPE_PREFIX + "File",
            "created": stamp(published),
            "modified": stamp(published),
            "name": f"Niederschrift, öffentlicher Teil (Fassung {number})",
            "fileName": f"niederschrift-{session.pk}-v{number}-oeffentlich.pdf",
            "mimeType": PDF,
            "date": day(timezone.localdate(published)),
            "size": size,
            "sha512Checksum": sha512,
            "accessUrl": url,
            "downloadUrl": url,
            "meeting": None if embedded else [links.api("meeting", session.pk)],
        }
    )


def removed(gone: RemovedObject, **_context) -> dict:
    """A deleted object: its address, type and times, nothing of what it said."""
    type_name, route = REMOVED[gone.kind]
    return {**header(type_name, links.api(route, gone.object_id), gone), "deleted": True}
