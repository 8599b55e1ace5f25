"""Plain functions that create valid objects; each test overrides only what it is about."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from council.models import Body, Faction, LegislativeTerm, Membership, Municipality, Person
from council.permissions import SECRETARIAT_GROUP

_numbers = itertools.count(1)

TERM_START = datetime.date(2025, 11, 1)
TERM_END = datetime.date(2030, 10, 31)


def make_municipality(*, name="Musterstadt", **fields) -> Municipality:
    return Municipality.objects.create(name=name, **fields)


def make_body(*, name=None, kind=Body.Kind.COUNCIL, legal_member_count=31, **fields) -> Body:
    return Body.objects.create(
        name=name or f"Gremium {next(_numbers)}",
        kind=kind,
        legal_member_count=legal_member_count,
        state_law_profile=fields.pop("state_law_profile", "nrw"),
        **fields,
    )


def make_term(*, name=None, start_date=TERM_START, end_date=TERM_END) -> LegislativeTerm:
    return LegislativeTerm.objects.create(
        name=name or f"Wahlperiode {next(_numbers)}", start_date=start_date, end_date=end_date
    )


def make_faction(*, short_name=None, name=None, term=None) -> Faction:
    number = next(_numbers)
    short_name = short_name or f"F{number}"
    return Faction.objects.create(
        short_name=short_name,
        name=name or f"Fraktion {short_name}",
        legislative_term=term or make_term(),
    )


def make_user(*, username=None, password=None, is_active=True, **fields):
    user = get_user_model().objects.create_user(
        username=username or f"user{next(_numbers)}", is_active=is_active, **fields
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    return user


def make_person(*, given_name="Erika", family_name=None, email="", user=None, **fields) -> Person:
    return Person.objects.create(
        given_name=given_name,
        family_name=family_name or f"Muster{next(_numbers)}",
        email=email,
        user=user,
        **fields,
    )


def make_membership(
    *,
    person=None,
    body=None,
    start_date=TERM_START,
    end_date=None,
    role=Membership.Role.MEMBER,
    voting_right=None,
    faction=None,
) -> Membership:
    """A seat in a body; the voting right follows the role unless given."""
    if voting_right is None:
        voting_right = role != Membership.Role.ADVISORY
    return Membership.objects.create(
        person=person or make_person(),
        body=body or make_body(),
        start_date=start_date,
        end_date=end_date,
        role=role,
        voting_right=voting_right,
        faction=faction,
    )


def make_member_user(body, *, is_active=True, **membership_fields):
    """A user account whose person holds a membership in `body`."""
    user = make_user(is_active=is_active)
    make_membership(person=make_person(user=user), body=body, **membership_fields)
    return user


def make_secretariat_user(**fields):
    """A member of the Sitzungsdienst group, which carries `council.run_sessions`."""
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    group.permissions.add(Permission.objects.get(codename="run_sessions"))
    user = make_user(**fields)
    user.groups.add(group)
    return user
