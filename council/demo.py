"""The demo town Musterstadt: its council, committees, factions, people and accounts.

`manage.py seed_demo` calls `seed` here first, then the `demo.seed` of every later app.
Seeding twice changes nothing the second time.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission

from council.models import Body, Faction, LegislativeTerm, Membership, Municipality, Person
from council.permissions import SECRETARIAT_GROUP

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented password of the demo accounts

TOWN = "Musterstadt"
TERM = ("Wahlperiode 2025–2030", datetime.date(2025, 11, 1), datetime.date(2030, 10, 31))

# (short name, full name, seats in the council)
FACTIONS = [
    ("CDU", "CDU-Fraktion", 10),
    ("SPD", "SPD-Fraktion", 8),
    ("GRÜNE", "Fraktion Bündnis 90/Die Grünen", 6),
    ("FDP", "FDP-Fraktion", 3),
    ("FW", "Fraktion Freie Wähler", 3),
]

MAYOR = ("Dr.", "Katrin", "Albers")

# mitglied01 … mitglied30, in faction order: the first ten CDU, the next eight SPD, and so on.
MEMBERS = [
    ("", "Thomas", "Becker"),
    ("", "Sabine", "Hoffmann"),
    ("Dr.", "Markus", "Schröder"),
    ("", "Monika", "Wagner"),
    ("", "Stefan", "Krüger"),
    ("", "Andrea", "Lehmann"),
    ("", "Jürgen", "Schulte"),
    ("", "Petra", "Köhler"),
    ("", "Michael", "Richter"),
    ("", "Claudia", "Wolf"),
    ("", "Frank", "Neumann"),
    ("", "Birgit", "Schwarz"),
    ("", "Uwe", "Zimmermann"),
    ("Dr.", "Heike", "Braun"),
    ("", "Ralf", "Hartmann"),
    ("", "Susanne", "Lange"),
    ("", "Holger", "Schmitz"),
    ("", "Anja", "Krause"),
    ("", "Jan", "Meier"),
    ("", "Lena", "Vogel"),
    ("", "Tobias", "Friedrich"),
    ("", "Miriam", "Günther"),
    ("", "Felix", "Peters"),
    ("", "Elif", "Yılmaz"),
    ("", "Christian", "Möller"),
    ("", "Nadine", "Graf"),
    ("", "Daniel", "Roth"),
    ("", "Karl-Heinz", "Beck"),
    ("", "Ursula", "Jansen"),
    ("", "Werner", "Ludwig"),
]

# (name, short name, kind, legal member count, state law profile)
COUNCIL = ("Stadtrat", "Rat", "council", 31, "nrw")
COMMITTEES = [
    ("Hauptausschuss", "HA", "committee", 11, "nrw"),
    ("Bauausschuss", "BA", "committee", 9, "nrw"),
]

# Committee seats by member number (1-based). The mayor chairs the Hauptausschuss;
# the Bauausschuss is chaired by member 3 and has one advisory member without a vote.
HAUPTAUSSCHUSS = [1, 2, 3, 11, 12, 13, 19, 20, 25, 28]
BAUAUSSCHUSS_CHAIR = 3
BAUAUSSCHUSS = [5, 6, 14, 15, 21, 22, 26, 29]
BAUAUSSCHUSS_ADVISORY = 30


def seed(*, with_passwords: bool) -> None:
    # One hash for every demo account: hashing 32 times would make each run take seconds.
    password = make_password(DEMO_PASSWORD) if with_passwords else None
    Municipality.objects.update_or_create(is_the_one=True, defaults={"name": TOWN})
    term = seed_term()
    factions = seed_factions(term)
    council, committees = seed_bodies()
    mayor = seed_person(MAYOR, username="vorsitz", password=password)
    members = [
        seed_person(name, username=f"mitglied{number:02}", password=password)
        for number, name in enumerate(MEMBERS, start=1)
    ]
    faction_of = seed_council_seats(council, term, factions, mayor, members)
    seed_committee_seats(committees, term, mayor, members, faction_of)
    seed_secretariat(password=password)


def seed_term():
    name, start, end = TERM
    term, _ = LegislativeTerm.objects.update_or_create(
        name=name, defaults={"start_date": start, "end_date": end}
    )
    return term


def seed_factions(term):
    return [
        Faction.objects.update_or_create(
            short_name=short, defaults={"name": name, "legislative_term": term}
        )[0]
        for short, name, _seats in FACTIONS
    ]


def seed_bodies():
    bodies = [
        Body.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": kind,
                "legal_member_count": count,
                "state_law_profile": profile,
                "position": position,
            },
        )[0]
        for position, (name, short, kind, count, profile) in enumerate([COUNCIL, *COMMITTEES])
    ]
    return bodies[0], bodies[1:]


def seed_person(name, *, username, password):
    title, given, family = name
    user = seed_user(username, password=password, first_name=given, last_name=family)
    person, _ = Person.objects.update_or_create(
        user=user,
        defaults={
            "title": title,
            "given_name": given,
            "family_name": family,
            "email": f"{username}@musterstadt.example",
        },
    )
    return person


def seed_user(username, *, password, **names):
    user, created = get_user_model().objects.update_or_create(
        username=username, defaults={**names, "email": f"{username}@musterstadt.example"}
    )
    if password:
        user.password = password
        user.save(update_fields=["password"])
    elif created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def seat(person, body, term, *, role=Membership.Role.MEMBER, faction=None):
    Membership.objects.update_or_create(
        person=person,
        body=body,
        start_date=term.start_date,
        defaults={
            "role": role,
            "faction": faction,
            "voting_right": role != Membership.Role.ADVISORY,
            "end_date": term.end_date,
        },
    )


def seed_council_seats(council, term, factions, mayor, members):
    seat(mayor, council, term, role=Membership.Role.CHAIR)
    remaining = iter(members)
    for faction, (_short, _name, seats) in zip(factions, FACTIONS, strict=True):
        for _ in range(seats):
            seat(next(remaining), council, term, faction=faction)
    return {
        m.person_id: m.faction
        for m in Membership.objects.filter(body=council).select_related("faction")
    }


def seed_committee_seats(committees, term, mayor, members, faction_of):
    """Committee members keep their council faction; the mayor sits in none."""
    hauptausschuss, bauausschuss = committees
    Role = Membership.Role
    seats = [
        (mayor, hauptausschuss, Role.CHAIR),
        *((members[n - 1], hauptausschuss, Role.MEMBER) for n in HAUPTAUSSCHUSS),
        (members[BAUAUSSCHUSS_CHAIR - 1], bauausschuss, Role.CHAIR),
        *((members[n - 1], bauausschuss, Role.MEMBER) for n in BAUAUSSCHUSS),
        (members[BAUAUSSCHUSS_ADVISORY - 1], bauausschuss, Role.ADVISORY),
    ]
    for person, body, role in seats:
        seat(person, body, term, role=role, faction=faction_of.get(person.pk))


def seed_secretariat(*, password):
    group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
    group.permissions.add(Permission.objects.get(codename="run_sessions"))
    user = seed_user("sekretariat", password=password, first_name="Sitzungsdienst", last_name=TOWN)
    user.groups.add(group)
