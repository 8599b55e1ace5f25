"""`manage.py seed_demo`: the demo town Musterstadt, its council, committees and accounts."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from council import demo
from council.models import Body, Faction, LegislativeTerm, Membership, Municipality, Person
from council.permissions import is_secretariat, roles_in
from council.rules import Role
from minutes.models import Minutes

User = get_user_model()

DEMO_ACCOUNTS = {"sekretariat", "vorsitz", *(f"mitglied{n:02}" for n in range(1, 31))}


def seed(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def memberships_of(body_name):
    return Membership.objects.filter(body__name=body_name)


def test_it_creates_musterstadt(seeded):
    assert Municipality.objects.get().name == "Musterstadt"


def test_stadtrat_has_the_mayor_as_chair_and_thirty_members(seeded):
    stadtrat = memberships_of("Stadtrat")

    assert stadtrat.count() == 31
    chair = stadtrat.get(role=Membership.Role.CHAIR)
    assert chair.person.user.username == "vorsitz"
    assert stadtrat.filter(role=Membership.Role.MEMBER, voting_right=True).count() == 30


def test_stadtrat_members_sit_in_five_factions(seeded):
    seats = {
        faction.short_name: memberships_of("Stadtrat").filter(faction=faction).count()
        for faction in Faction.objects.all()
    }

    assert seats == {"CDU": 10, "SPD": 8, "GRÜNE": 6, "FDP": 3, "FW": 3}


def test_mayor_sits_in_no_faction(seeded):
    chair = memberships_of("Stadtrat").get(role=Membership.Role.CHAIR)

    assert chair.faction is None


def test_hauptausschuss_has_eleven_members_chaired_by_the_mayor(seeded):
    hauptausschuss = memberships_of("Hauptausschuss")

    assert hauptausschuss.count() == 11
    assert hauptausschuss.get(role=Membership.Role.CHAIR).person.user.username == "vorsitz"


def test_bauausschuss_has_nine_voting_members_and_one_advisory(seeded):
    bauausschuss = memberships_of("Bauausschuss")

    assert bauausschuss.filter(voting_right=True).count() == 9
    assert list(bauausschuss.filter(voting_right=False).values_list("role", flat=True)) == [
        Membership.Role.ADVISORY
    ]


def test_committee_members_keep_their_council_faction(seeded):
    council_faction = {m.person_id: m.faction_id for m in memberships_of("Stadtrat")}
    committee_seats = Membership.objects.exclude(body__name="Stadtrat")

    assert all(m.faction_id == council_faction[m.person_id] for m in committee_seats)


def test_memberships_last_for_the_legislative_term(seeded):
    _name, start, end = demo.TERM

    assert set(Membership.objects.values_list("start_date", "end_date")) == {(start, end)}


def test_it_creates_the_demo_accounts(seeded):
    assert set(User.objects.values_list("username", flat=True)) == DEMO_ACCOUNTS


def test_every_member_account_has_a_person(seeded):
    members = User.objects.exclude(username="sekretariat")

    assert Person.objects.filter(user__in=members).count() == 31


def test_running_it_twice_changes_no_counts(seeded):
    models = [Municipality, LegislativeTerm, Faction, Body, Person, Membership, User, Group]
    before = {model.__name__: model.objects.count() for model in models}

    seed()

    assert {model.__name__: model.objects.count() for model in models} == before


def test_without_debug_accounts_have_unusable_passwords(seeded):
    usable = [user.username for user in User.objects.all() if user.has_usable_password()]

    assert usable == []


def test_without_debug_it_says_the_accounts_have_no_password(db):
    assert "no password" in seed()


@pytest.mark.django_db
def test_demo_passwords_flag_sets_the_password_demo():
    seed("--demo-passwords")

    assert all(user.check_password("demo") for user in User.objects.all())


def test_without_a_signing_passphrase_it_says_the_minutes_are_unsigned(db):
    assert "final but unsigned" in seed()


@pytest.mark.django_db
def test_with_demo_passwords_it_signs_and_publishes_the_minutes():
    output = seed("--demo-passwords")

    assert "unsigned" not in output
    assert Minutes.objects.filter(state=Minutes.State.PUBLISHED).count() == 1


@pytest.mark.django_db
def test_in_debug_accounts_get_the_password_demo(settings):
    settings.DEBUG = True

    seed()

    assert User.objects.get(username="mitglied07").check_password("demo")


@pytest.mark.django_db
def test_running_it_again_without_the_flag_keeps_the_passwords():
    seed("--demo-passwords")

    seed()

    assert User.objects.get(username="vorsitz").check_password("demo")


def test_sekretariat_is_secretariat(seeded):
    user = User.objects.get(username="sekretariat")

    assert is_secretariat(user)
    assert Role.SECRETARIAT in roles_in(user, Body.objects.get(name="Stadtrat"))


def test_member_accounts_are_not_secretariat(seeded):
    assert not is_secretariat(User.objects.get(username="mitglied01"))


def test_member_of_the_bauausschuss_votes_there_once_the_term_has_begun(seeded):
    _name, start, _end = demo.TERM
    user = User.objects.get(username=f"mitglied{demo.BAUAUSSCHUSS[0]:02}")

    assert roles_in(user, Body.objects.get(name="Bauausschuss"), on=start) == {
        Role.PUBLIC,
        Role.VOTING_MEMBER,
    }
