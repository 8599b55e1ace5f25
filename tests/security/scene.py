"""A running meeting in the middle of its non-public item, as the fuzz and matrix tests see it:
everyone in the hall, one member conflicted on that item, a named ballot open on it.

Also a fingerprint of everything a request could change, to prove that refused input changed
nothing."""

from django.apps import apps

from council.models import Membership
from meetings.models import Dispatch, Meeting
from meetings.services.calendar_tokens import renew_calendar_token
from meetings.services.documents import add_document
from meetings.services.invitations import publish_notice
from meetings.services.papers import consultation_for
from meetings.session.services.agenda import call_item
from meetings.session.services.conflicts import declare_conflict
from meetings.session.services.session import start_meeting
from meetings.session.services.speakers import request_to_speak
from minutes import services as minutes_services
from minutes.signing import keystore
from tests.factories import make_body, make_faction, make_municipality, make_secretariat_user
from tests.live.fixtures import seat
from tests.meetings.factories import (
    make_item,
    make_meeting,
    make_paper,
    pdf_bytes,
    set_state,
    upload,
)
from tests.voting.ballots import open_ballot

ROLES = ("anonymous", "other_body_member", "member", "conflicted_member", "chair", "secretariat")
STATEFUL_APPS = ("council", "meetings", "voting")
PAST_SECRET_TITLE = "Vergleich mit der Baufirma Keller"


def set_the_scene(*, running, clerk, secret_item, others):
    """Call the non-public item, let the last member declare a conflict, open a named ballot."""
    running.attendances.update(state="hall")
    call_item(by=clerk, meeting=running, item_id=secret_item.pk)
    conflicted = others[-1]
    declare_conflict(
        by=conflicted, meeting=running, item_id=secret_item.pk, person=conflicted.person
    )
    return open_ballot(running, secret_item, by=clerk, kind="named")


def users_by_role(*, outsider, member, others, chair, clerk) -> dict:
    return {
        "anonymous": None,
        "other_body_member": outsider,
        "member": member,
        "conflicted_member": others[-1],
        "chair": chair,
        "secretariat": clerk,
    }


def fingerprint(meeting_id: int) -> dict:
    """Row counts of every model that holds state, and the meeting's own row with its log head."""
    counts = {
        model._meta.label: model.objects.count()
        for label in STATEFUL_APPS
        for model in apps.get_app_config(label).get_models()
    }
    meeting = Meeting.objects.values().get(pk=meeting_id)
    meeting.pop("modified", None)
    return {"counts": counts, "meeting": meeting}


def past_minutes(*, clerk, body, chair):
    """An earlier, closed meeting with a non-public item, whose minutes were published in a first
    version and are now final in a corrected second, awaiting signatures. Signed with keys of a
    keystore in `settings.SIGNING_KEYSTORE_DIR`, which the caller points somewhere temporary."""
    meeting = make_meeting(by=clerk, body=body)
    make_item(by=clerk, meeting=meeting, title="Bericht des Bürgermeisters")
    make_item(by=clerk, meeting=meeting, title=PAST_SECRET_TITLE, is_public=False)
    meeting = set_state(meeting, "closed")
    minutes = minutes_services.open_minutes(meeting=meeting)
    minutes_services.update_minutes(by=clerk, minutes=minutes, recorder=clerk, chair=chair.person)
    first = minutes_services.finalize(by=clerk, minutes=minutes)
    authority = keystore.create_authority(municipality_name="Musterstadt", force=True)
    for user in (clerk, chair):
        keystore.issue_certificate(authority, user)
        signer = keystore.signer_for_user(user)
        minutes_services.sign_version(by=user, minutes=minutes, signer=signer)
    minutes_services.publish(by=clerk, minutes=minutes)
    minutes_services.reopen(by=clerk, minutes=minutes)
    second = minutes_services.finalize(by=clerk, minutes=minutes, changes="Anwesenheit berichtigt")
    first.refresh_from_db()
    return {"past_meeting": meeting, "published_version": first, "version_in_progress": second}


def build_scene():
    """The whole scene without fixtures, for a module that builds it once (see
    test_permission_matrix): the Stadtrat of `tests.live.fixtures`, a non-public paper consulted
    on the non-public item, a speaker waiting, the notices, a dispatch and a member's feed token."""
    municipality = make_municipality()
    clerk = make_secretariat_user()
    body = make_body(name="Stadtrat", short_name="SR", legal_member_count=5)
    faction = make_faction(short_name="BL", name="Bürgerliste")
    chair = seat(body, "Petra", "Hahn", role=Membership.Role.CHAIR)
    member = seat(body, "Birgit", "Schwarz")
    others = [
        seat(body, "Jonas", "Weber"),
        seat(body, "Lena", "Vogt"),
        seat(body, "Kemal", "Aydin"),
    ]
    outsider = seat(make_body(name="Bauausschuss"), "Otto", "Fremd")
    meeting = make_meeting(by=clerk, body=body)
    public_item = make_item(by=clerk, meeting=meeting, title="Haushaltssatzung 2027")
    secret_item = make_item(
        by=clerk, meeting=meeting, title="Grundstücksverkauf Lindenweg 7", is_public=False
    )
    paper = make_paper(by=clerk, path=[body], title="Verkauf Lindenweg 7", is_public=False)
    consultation = consultation_for(paper, body)
    consultation.agenda_item = secret_item
    consultation.save(update_fields=["agenda_item"])
    document = add_document(
        by=clerk, upload=upload(pdf_bytes()), title="Wertgutachten", agenda_item=secret_item
    )
    meeting = set_state(meeting, "invited")
    publish_notice(meeting)
    dispatch = Dispatch.objects.create(
        meeting=meeting, kind=Dispatch.Kind.INVITATION, sequence=0, recipients=0, sent_by=clerk
    )
    start_meeting(by=clerk, meeting=meeting)
    meeting.refresh_from_db()
    ballot = set_the_scene(running=meeting, clerk=clerk, secret_item=secret_item, others=others)
    speaker = request_to_speak(by=member, meeting=meeting, person=member.person, kind="speech")
    return {
        "users": users_by_role(
            outsider=outsider, member=member, others=others, chair=chair, clerk=clerk
        ),
        "municipality": municipality,
        "body": body,
        "faction": faction,
        "meeting": meeting,
        "public_item": public_item,
        "secret_item": secret_item,
        "paper": paper,
        "document": document,
        "dispatch": dispatch,
        "ballot": ballot,
        "speaker_request": speaker.data["request"],
        "token": renew_calendar_token(user=member).token,
        **past_minutes(clerk=clerk, body=body, chair=chair),
    }
