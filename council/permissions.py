"""The one place that answers "may this user see or do X in this body (on this day)?".

Views, websocket consumers, feeds and downloads all ask here; the table itself is in `rules`.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from council.models import Body, Membership
from council.rules import Action, Role, is_allowed, roles_from_membership

SECRETARIAT_PERMISSION = "council.run_sessions"
SECRETARIAT_GROUP = "Sitzungsdienst"


def is_secretariat(user) -> bool:
    """Sitzungsdienst: staff who prepare and run the meetings of every body."""
    return user.is_active and user.has_perm(SECRETARIAT_PERMISSION)


def secretariat_members() -> Q:
    """The condition on users that `is_secretariat` checks one by one: the group, or the
    permission given to them or to one of their groups."""
    app_label, codename = SECRETARIAT_PERMISSION.split(".")
    return (
        Q(groups__name=SECRETARIAT_GROUP)
        | Q(
            groups__permissions__codename=codename,
            groups__permissions__content_type__app_label=app_label,
        )
        | Q(
            user_permissions__codename=codename,
            user_permissions__content_type__app_label=app_label,
        )
    )


def roles_in(user, body: Body, *, on: datetime.date | None = None) -> set[Role]:
    return roles_of([user], body, on=on)[0]


def roles_of(users: list, body: Body, *, on: datetime.date | None = None) -> list[set[Role]]:
    """`roles_in` for each of many users (in their order), with one query for all."""
    roles = [{Role.PUBLIC} for _user in users]
    signed_in = {}
    for index, user in enumerate(users):
        if user.is_authenticated and user.is_active:
            signed_in.setdefault(user.pk, []).append(index)
            if is_secretariat(user):
                roles[index].add(Role.SECRETARIAT)
    if not signed_in:
        return roles
    memberships = Membership.objects.on(on or timezone.localdate()).filter(
        body=body, person__user__in=list(signed_in)
    )
    for user_id, role, voting_right in memberships.values_list(
        "person__user_id", "role", "voting_right"
    ):
        for index in signed_in[user_id]:
            roles[index] |= roles_from_membership(role=role, voting_right=voting_right)
    return roles


def can(user, action: Action, body: Body, *, on: datetime.date | None = None) -> bool:
    return can_each([user], action, body, on=on)[0]


def can_each(users: list, action: Action, body: Body, *, on=None) -> list[bool]:
    """`can` for each of many users, with one query for all."""
    return [is_allowed(action, roles) for roles in roles_of(users, body, on=on)]
