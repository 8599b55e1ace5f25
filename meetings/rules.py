"""Pure rules for meetings: agenda numbers, state transitions, notice periods, references."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

DRAFT, INVITED, RUNNING, CLOSED, CANCELLED = "draft", "invited", "running", "closed", "cancelled"

TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({INVITED, CANCELLED}),
    INVITED: frozenset({RUNNING, CANCELLED}),
    RUNNING: frozenset({CLOSED}),
    CLOSED: frozenset(),
    CANCELLED: frozenset(),
}


def may_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS[current]


@dataclass(frozen=True)
class ItemPlace:
    """Where an agenda item stands: its part, its position there, and its parent (if a sub-item)."""

    key: int
    is_public: bool
    position: int
    parent: int | None = None


def number_agenda(items: Iterable[ItemPlace]) -> dict[int, str]:
    """Number the public part Ö 1, Ö 2, Ö 2.1 … and the non-public part N 1 …, by position.

    The dict lists the items in agenda order: public part first, each sub-item after its parent.
    """
    items = list(items)
    children: dict[int | None, list[ItemPlace]] = {}
    for item in items:
        children.setdefault(item.parent, []).append(item)
    numbers: dict[int, str] = {}
    for is_public, prefix in ((True, "Ö"), (False, "N")):
        tops = sorted(
            (item for item in children.get(None, []) if item.is_public == is_public),
            key=lambda item: (item.position, item.key),
        )
        for index, top in enumerate(tops, start=1):
            numbers[top.key] = f"{prefix} {index}"
            subs = sorted(children.get(top.key, []), key=lambda item: (item.position, item.key))
            for sub_index, sub in enumerate(subs, start=1):
                numbers[sub.key] = f"{prefix} {index}.{sub_index}"
    return numbers


def invitation_deadline(start: datetime.datetime, notice_period_days: int) -> datetime.datetime:
    """The last moment an invitation may go out for a meeting starting at `start`.

    Counted in calendar days on the clock of `start`'s time zone: for an 18:00 meeting the
    deadline is 18:00 too, even across a change between summer and winter time.
    """
    return start - datetime.timedelta(days=notice_period_days)


def is_invitation_late(
    *, now: datetime.datetime, start: datetime.datetime, notice_period_days: int
) -> bool:
    return now > invitation_deadline(start, notice_period_days)


def paper_reference(year: int, number: int) -> str:
    """V/2026/041: the paper's reference, numbered per year."""
    return f"V/{year}/{number:03d}"
