"""The roster of a body as the public sees it: the chair first, then factions by size.

Pure functions over memberships already loaded, so that the order is the same on every database.
"""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

CHAIR_ROLES = {"chair", "deputy_chair"}


def german_sort_key(text: str) -> str:
    """Alphabetical order as in German lists (DIN 5007-1): Köhler before Krüger, ß as ss."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().replace("ß", "ss"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def person_sort_key(person) -> tuple[str, str]:
    return german_sort_key(person.family_name), german_sort_key(person.given_name)


@dataclass(frozen=True)
class RosterGroup:
    title: str
    memberships: list


def roster(memberships: Iterable) -> list[RosterGroup]:
    """Chairs without a faction (a mayor) first, then factions by seats, then the rest."""
    chairs, without_faction, by_faction = [], [], {}
    for membership in memberships:
        if membership.faction is not None:
            by_faction.setdefault(membership.faction, []).append(membership)
        elif membership.role in CHAIR_ROLES:
            chairs.append(membership)
        else:
            without_faction.append(membership)
    factions = sorted(
        by_faction.items(), key=lambda pair: (-len(pair[1]), german_sort_key(pair[0].name))
    )
    groups = [
        (_("Chair"), chairs),
        *((faction.name, members) for faction, members in factions),
        (_("Without faction"), without_faction),
    ]
    return [
        RosterGroup(title, sorted(members, key=lambda m: person_sort_key(m.person)))
        for title, members in groups
        if members
    ]
