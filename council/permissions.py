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
    roles = {Role.PUBLIC}
    if not user.is_authenticated or not user.is_active:
        return roles
    if is_secretariat(user):
        roles.add(Role.SECRETARIAT)
    on = on or timezone.localdate()
    memberships = Membership.objects.on(on).filter(body=body, person__user=user)
    for role, voting_right in memberships.values_list("role", "voting_right"):
        roles |= roles_from_membership(role=role, voting_right=voting_right)
    return roles


def can(user, action: Action, body: Body, *, on: datetime.date | None = None) -> bool:
    return is_allowed(action, roles_in(user, body, on=on))
