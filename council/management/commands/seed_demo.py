"""Create or update the demo town Musterstadt. Safe to run again: it changes nothing twice."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from council import demo
from council.models import Body, Faction, LegislativeTerm, Membership, Municipality, Person
from council.permissions import SECRETARIAT_GROUP

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented password of the demo accounts


class Command(BaseCommand):
    help = "Create the demo town Musterstadt with its council, committees and accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-passwords",
            action="store_true",
            help="Set the password 'demo' on the demo accounts even when DEBUG is off.",
        )

    @transaction.atomic
    def handle(self, *args, demo_passwords=False, **options):
        self.with_passwords = settings.DEBUG or demo_passwords
        Municipality.objects.update_or_create(is_the_one=True, defaults={"name": demo.TOWN})
        term = self.seed_term()
        factions = self.seed_factions(term)
        council, committees = self.seed_bodies()
        mayor = self.seed_person(demo.MAYOR, username="vorsitz")
        members = [
            self.seed_person(name, username=f"mitglied{number:02}")
            for number, name in enumerate(demo.MEMBERS, start=1)
        ]
        faction_of = self.seed_council_seats(council, term, factions, mayor, members)
        self.seed_committee_seats(committees, term, mayor, members, faction_of)
        self.seed_secretariat()
        self.report()

    def seed_term(self):
        name, start, end = demo.TERM
        term, _ = LegislativeTerm.objects.update_or_create(
            name=name, defaults={"start_date": start, "end_date": end}
        )
        return term

    def seed_factions(self, term):
        return [
            Faction.objects.update_or_create(
                short_name=short, defaults={"name": name, "legislative_term": term}
            )[0]
            for short, name, _seats in demo.FACTIONS
        ]

    def seed_bodies(self):
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
            for position, (name, short, kind, count, profile) in enumerate(
                [demo.COUNCIL, *demo.COMMITTEES]
            )
        ]
        return bodies[0], bodies[1:]

    def seed_person(self, name, *, username):
        title, given, family = name
        user = self.seed_user(username, first_name=given, last_name=family)
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

    def seed_user(self, username, **names):
        user, created = get_user_model().objects.update_or_create(
            username=username, defaults={**names, "email": f"{username}@musterstadt.example"}
        )
        if self.with_passwords:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        elif created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def seat(self, person, body, term, *, role=Membership.Role.MEMBER, faction=None):
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

    def seed_council_seats(self, council, term, factions, mayor, members):
        self.seat(mayor, council, term, role=Membership.Role.CHAIR)
        remaining = iter(members)
        for faction, (_short, _name, seats) in zip(factions, demo.FACTIONS, strict=True):
            for _ in range(seats):
                self.seat(next(remaining), council, term, faction=faction)
        return {
            m.person_id: m.faction
            for m in Membership.objects.filter(body=council).select_related("faction")
        }

    def seed_committee_seats(self, committees, term, mayor, members, faction_of):
        """Committee members keep their council faction; the mayor sits in none."""
        hauptausschuss, bauausschuss = committees
        Role = Membership.Role
        seats = [
            (mayor, hauptausschuss, Role.CHAIR),
            *((members[n - 1], hauptausschuss, Role.MEMBER) for n in demo.HAUPTAUSSCHUSS),
            (members[demo.BAUAUSSCHUSS_CHAIR - 1], bauausschuss, Role.CHAIR),
            *((members[n - 1], bauausschuss, Role.MEMBER) for n in demo.BAUAUSSCHUSS),
            (members[demo.BAUAUSSCHUSS_ADVISORY - 1], bauausschuss, Role.ADVISORY),
        ]
        for person, body, role in seats:
            self.seat(person, body, term, role=role, faction=faction_of.get(person.pk))

    def seed_secretariat(self):
        group, _ = Group.objects.get_or_create(name=SECRETARIAT_GROUP)
        group.permissions.add(Permission.objects.get(codename="run_sessions"))
        user = self.seed_user("sekretariat", first_name="Sitzungsdienst", last_name=demo.TOWN)
        user.groups.add(group)

    def report(self):
        if self.with_passwords:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo town {demo.TOWN} is ready. Accounts (password '{DEMO_PASSWORD}'): "
                    "sekretariat, vorsitz, mitglied01 … mitglied30."
                )
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    f"Demo town {demo.TOWN} is ready. The accounts have no password: "
                    "run with DEBUG=1 or --demo-passwords to set 'demo'."
                )
            )
