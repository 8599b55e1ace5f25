"""A running meeting in the middle of its non-public item, as the fuzz and matrix tests see it:
everyone in the hall, one member conflicted on that item, a named ballot open on it.

Also a fingerprint of everything a request could change, to prove that refused input changed
nothing."""

from django.apps import apps
from django.conf import settings
from django.test import Client

from meetings.live.services.agenda import call_item
from meetings.live.services.conflicts import declare_conflict
from meetings.models import Meeting
from tests.voting.ballots import open_ballot

ROLES = ("anonymous", "other_body_member", "member", "conflicted_member", "chair", "secretariat")
STATEFUL_APPS = ("council", "meetings", "voting")


def set_the_scene(*, running, clerk, secret_item, others):
    """Call the non-public item, let the last member declare a conflict, open a named ballot."""
    running.attendances.update(state="hall")
    call_item(by=clerk, meeting=running, item_id=secret_item.pk)
    conflicted = others[-1]
    declare_conflict(
        by=conflicted, meeting=running, item_id=secret_item.pk, person=conflicted.person
    )
    return open_ballot(running, secret_item, by=clerk, kind="named")


def users_by_role(*, outsider, member, others, chair, clerk) -> dict:
    return {
        "anonymous": None,
        "other_body_member": outsider,
        "member": member,
        "conflicted_member": others[-1],
        "chair": chair,
        "secretariat": clerk,
    }


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def fingerprint(meeting_id: int) -> dict:
    """Row counts of every model that holds state, and the meeting's own row with its log head."""
    counts = {
        model._meta.label: model.objects.count()
        for label in STATEFUL_APPS
        for model in apps.get_app_config(label).get_models()
    }
    meeting = Meeting.objects.values().get(pk=meeting_id)
    meeting.pop("modified", None)
    return {"counts": counts, "meeting": meeting}
