"""The speakers' list of the current item: requests, order, the floor, withdrawals."""

import pytest

from meetings.models import SpeakerRequest
from meetings.session.errors import LiveError
from meetings.session.services.agenda import call_item
from meetings.session.services.conflicts import declare_conflict
from meetings.session.services.speakers import (
    move_request,
    request_to_speak,
    start_speaker,
    stop_speaker,
    withdraw_request,
)


@pytest.fixture
def discussed(clerk, running, public_item):
    """The running meeting with its public item called."""
    call_item(by=clerk, meeting=running, item_id=public_item.pk)
    running.refresh_from_db()
    return running


def ask(meeting, user, kind="speech"):
    return request_to_speak(by=user, meeting=meeting, person=user.person, kind=kind)


def names(event):
    return [row["name"] for row in event.views["members"]["state"]["speakers"]["list"]]


def test_member_gets_on_the_list(discussed, member):
    event = ask(discussed, member)

    (request,) = SpeakerRequest.objects.all()
    assert (request.person, request.state, request.kind) == (member.person, "waiting", "speech")
    assert names(event) == ["Birgit Schwarz"]


def test_second_request_of_the_same_member_is_refused(discussed, member, english):
    ask(discussed, member)

    with pytest.raises(LiveError, match="Birgit Schwarz is already on the list") as refused:
        ask(discussed, member, kind="point_of_order")

    assert refused.value.code == "conflict"
    assert SpeakerRequest.objects.count() == 1


def test_member_with_a_conflict_of_interest_is_refused(
    clerk, discussed, public_item, member, english
):
    declare_conflict(by=clerk, meeting=discussed, item_id=public_item.pk, person=member.person)

    with pytest.raises(LiveError, match="conflict of interest") as refused:
        ask(discussed, member)

    assert refused.value.code == "conflict"
    assert not SpeakerRequest.objects.exists()


def test_nobody_speaks_without_a_current_item(running, member, english):
    with pytest.raises(LiveError, match="No item is being discussed"):
        ask(running, member)


def test_point_of_order_goes_first_in_the_speakers_slice(discussed, member, others):
    ask(discussed, others[0])
    ask(discussed, others[1])

    event = ask(discussed, member, kind="point_of_order")

    assert names(event) == ["Birgit Schwarz", "Jonas Weber", "Lena Vogt"]


def test_the_speaker_is_listed_before_points_of_order(clerk, discussed, member, others):
    first = ask(discussed, others[0])
    start_speaker(by=clerk, meeting=discussed, request_id=first.data["request"])

    event = ask(discussed, member, kind="point_of_order")

    assert names(event) == ["Jonas Weber", "Birgit Schwarz"]


def test_moving_a_speech_up_swaps_it_with_the_one_before(clerk, discussed, member, others):
    ask(discussed, others[0])
    second = ask(discussed, member)

    event = move_request(by=clerk, meeting=discussed, request_id=second.data["request"], up=True)

    assert names(event) == ["Birgit Schwarz", "Jonas Weber"]


def test_moving_a_speech_down_swaps_it_with_the_one_after(clerk, discussed, member, others):
    first = ask(discussed, others[0])
    ask(discussed, member)
    ask(discussed, others[1])

    event = move_request(by=clerk, meeting=discussed, request_id=first.data["request"], up=False)

    assert names(event) == ["Birgit Schwarz", "Jonas Weber", "Lena Vogt"]


def test_first_speech_cannot_move_further_up(clerk, discussed, member, others, english):
    first = ask(discussed, member)
    ask(discussed, others[0])

    with pytest.raises(LiveError, match="cannot move further"):
        move_request(by=clerk, meeting=discussed, request_id=first.data["request"], up=True)


def test_a_speech_cannot_move_past_a_point_of_order(clerk, discussed, member, others, english):
    ask(discussed, others[0], kind="point_of_order")
    speech = ask(discussed, member)

    with pytest.raises(LiveError, match="cannot move further"):
        move_request(by=clerk, meeting=discussed, request_id=speech.data["request"], up=True)


def test_starting_a_speaker_ends_the_previous_speech(clerk, discussed, member, others):
    first = ask(discussed, others[0])
    second = ask(discussed, member)
    start_speaker(by=clerk, meeting=discussed, request_id=first.data["request"])

    start_speaker(by=clerk, meeting=discussed, request_id=second.data["request"])

    previous = SpeakerRequest.objects.get(pk=first.data["request"])
    current = SpeakerRequest.objects.get(pk=second.data["request"])
    assert (previous.state, current.state) == ("done", "speaking")
    assert previous.ended is not None and current.started is not None


def test_starting_a_speaker_is_announced_by_name(clerk, discussed, member):
    request = ask(discussed, member)

    event = start_speaker(by=clerk, meeting=discussed, request_id=request.data["request"])

    assert event.views["public"]["announce"]["en"] == "Birgit Schwarz speaks."


def test_stopping_the_speaker_ends_the_speech(clerk, discussed, member):
    request = ask(discussed, member)
    start_speaker(by=clerk, meeting=discussed, request_id=request.data["request"])

    event = stop_speaker(by=clerk, meeting=discussed, request_id=request.data["request"])

    assert SpeakerRequest.objects.get(pk=request.data["request"]).state == "done"
    assert names(event) == []


def test_only_the_speaker_can_be_stopped(clerk, discussed, member, english):
    request = ask(discussed, member)

    with pytest.raises(LiveError, match="Birgit Schwarz is not speaking") as refused:
        stop_speaker(by=clerk, meeting=discussed, request_id=request.data["request"])

    assert refused.value.code == "conflict"


def test_member_withdraws_their_own_request(discussed, member):
    request = ask(discussed, member)

    event = withdraw_request(
        by=member, meeting=discussed, request_id=request.data["request"], person=member.person
    )

    assert SpeakerRequest.objects.get(pk=request.data["request"]).state == "withdrawn"
    assert names(event) == []


def test_member_cannot_withdraw_someone_elses_request(discussed, member, others, english):
    request = ask(discussed, others[0])

    with pytest.raises(LiveError, match="only withdraw your own") as refused:
        withdraw_request(
            by=member, meeting=discussed, request_id=request.data["request"], person=member.person
        )

    assert refused.value.code == "forbidden"
    assert SpeakerRequest.objects.get(pk=request.data["request"]).state == "waiting"


def test_staff_removes_any_request(clerk, discussed, member):
    request = ask(discussed, member)

    withdraw_request(by=clerk, meeting=discussed, request_id=request.data["request"])

    assert SpeakerRequest.objects.get(pk=request.data["request"]).state == "withdrawn"


def test_withdrawn_request_is_not_found_again(clerk, discussed, member, english):
    request = ask(discussed, member)
    withdraw_request(by=clerk, meeting=discussed, request_id=request.data["request"])

    with pytest.raises(LiveError, match="no such request") as refused:
        withdraw_request(by=clerk, meeting=discussed, request_id=request.data["request"])

    assert refused.value.code == "not_found"
