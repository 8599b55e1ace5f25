"""Display helpers for the live pages, which render the state slices of `meetings.session.state`."""

from django import template
from django.utils.dateparse import parse_datetime

from council.models import MajorityRule
from meetings.models import Attendance, ConnectionFailure, ItemStatus, SpeakerRequest
from voting.models import Ballot, Choice

register = template.Library()

LABELS = {
    "attendance": dict(Attendance.State.choices),
    "status": dict(ItemStatus.choices),
    "kind": dict(SpeakerRequest.Kind.choices),
    "fault": dict(ConnectionFailure.Fault.choices),
    "ballot_kind": dict(Ballot.Kind.choices),
    "ballot_state": dict(Ballot.State.choices),
    "choice": dict(Choice.choices),
    "majority": dict(MajorityRule.choices),
}


@register.filter
def label(value, kind):
    """The translated label of a state code: `{{ row.state|label:"attendance" }}`."""
    return LABELS[kind].get(value, value)


@register.filter
def moment(value):
    """An ISO timestamp from a slice as a datetime, for Django's `date` filter."""
    return parse_datetime(value) if value else None


@register.filter
def presence_group(state: str) -> str:
    """The list of "who is present" that a member in this attendance state belongs to."""
    return state if state in ("hall", "remote", "disconnected") else "others"
