"""Record who changed what (the secretariat's audit page), in the transaction of the change.

The apps name their actions with a code and register a label for each (`register`), so that this
lowest layer shows them without knowing the apps above it.
"""

from django.utils.functional import Promise

from council.models import AuditEntry

ACTIONS: dict[str, Promise | str] = {}
MAX_LABEL = 300


def register(actions: dict[str, Promise | str]) -> None:
    """Labels of an app's action codes, e.g. {"meeting.created": _("Meeting created")}."""
    ACTIONS.update(actions)


def label_of(action: str) -> str:
    return str(ACTIONS.get(action, action))


def record(*, actor, action: str, target, label: str = "", details: dict | None = None):
    """One entry: `actor` did `action` to `target` (a model instance). Call it inside the
    service's transaction: if the change rolls back, so does its entry."""
    if action not in ACTIONS:
        raise ValueError(f"unregistered audit action {action!r}")
    name = ""
    if actor is not None and actor.is_authenticated:
        name = actor.get_full_name() or actor.get_username()
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=name,
        action=action,
        target_type=target._meta.model_name,
        target_id=target.pk,
        target_label=(label or str(target))[:MAX_LABEL],
        details=details or {},
    )
