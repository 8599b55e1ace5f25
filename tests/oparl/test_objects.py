"""What single objects say: cancelled meetings, consultations in a non-public part, the body."""

import pytest

from meetings.models import AgendaItem, Consultation, Meeting
from meetings.services.invitations import cancel_meeting
from tests.oparl.addresses import API

pytestmark = pytest.mark.django_db


def test_a_cancelled_meeting_stays_with_cancelled_true(demo, client):
    meeting = Meeting.objects.get(state=Meeting.State.INVITED)
    cancel_meeting(by=None, meeting=meeting, reason="Sturmwarnung")

    answer = client.get(f"/oparl/v1/meeting/{meeting.pk}").json()

    assert answer["cancelled"] is True
    assert answer["meetingState"] == "Abgesagt"


def test_a_consultation_in_a_non_public_part_names_no_item_or_meeting(demo, client):
    item = AgendaItem.objects.filter(is_public=False, consultation__isnull=False).first()
    step = item.consultation
    step.paper.is_public = True
    step.paper.save()

    answer = client.get(f"/oparl/v1/consultation/{step.pk}").json()

    assert answer["paper"] == f"{API}paper/{step.paper_id}"
    assert "agendaItem" not in answer
    assert "meeting" not in answer


def test_a_decided_public_item_gives_its_result(demo, client):
    step = Consultation.objects.filter(
        agenda_item__is_public=True, result=Consultation.Result.ACCEPTED
    ).first()

    answer = client.get(f"/oparl/v1/agenda-item/{step.agenda_item_id}").json()

    assert answer["result"] == "Angenommen"
    assert answer["consultation"] == f"{API}consultation/{step.pk}"


def test_a_meeting_names_its_public_notice_as_invitation(demo, client):
    meeting = Meeting.objects.get(state=Meeting.State.INVITED)

    invitation = client.get(f"/oparl/v1/meeting/{meeting.pk}").json()["invitation"]

    assert invitation["accessUrl"] == f"http://testserver/meetings/{meeting.pk}/bekanntmachung.pdf"
    assert len(invitation["sha512Checksum"]) == 128
    assert invitation["size"] > 1000


def test_the_body_links_every_list_and_embeds_the_terms(demo, client):
    body = client.get("/oparl/v1/body").json()["data"][0]

    assert body["legislativeTerm"][0]["name"] == "Wahlperiode 2025–2030"
    for key in ("organization", "person", "meeting", "paper", "membership", "locationList"):
        assert body[key].startswith(f"{body['id']}/")
