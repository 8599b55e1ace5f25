"""Who signs the minutes in which role."""

from minutes.permissions import signing_role
from tests.factories import make_user


def test_the_named_recorder_signs_as_recorder(minutes, clerk):
    assert signing_role(clerk, minutes) == "recorder"


def test_the_named_chair_signs_as_chair(minutes, chair):
    assert signing_role(chair, minutes) == "chair"


def test_anybody_else_signs_in_no_role(minutes, member):
    assert signing_role(member, minutes) is None
    assert signing_role(make_user(), minutes) is None
