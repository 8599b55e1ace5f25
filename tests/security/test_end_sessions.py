"""A disabled account or an ended membership ends the user's sessions everywhere, and their open
sockets are closed (4403); other users stay logged in."""

import datetime
import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from council.models import Membership
from council.sessions import end_sessions
from tests.live.sockets import receive_until_closed, run


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_logged_in(client) -> bool:
    return client.get(reverse("password_change")).status_code == 200


@pytest.mark.django_db
def test_end_sessions_deletes_only_that_users_sessions(member, others):
    phone, laptop, neighbour = logged_in(member), logged_in(member), logged_in(others[0])

    ended = end_sessions(user_id=member.pk)

    assert ended == 2
    assert (is_logged_in(phone), is_logged_in(laptop), is_logged_in(neighbour)) == (
        False,
        False,
        True,
    )


@pytest.mark.django_db
def test_disabling_the_account_ends_its_sessions(member, django_capture_on_commit_callbacks):
    browser = logged_in(member)

    with django_capture_on_commit_callbacks(execute=True):
        member.is_active = False
        member.save()

    assert not is_logged_in(browser)
    assert Session.objects.count() == 0


@pytest.mark.django_db
def test_ending_the_membership_ends_the_sessions(member, django_capture_on_commit_callbacks):
    browser = logged_in(member)
    membership = Membership.objects.get(person__user=member)

    with django_capture_on_commit_callbacks(execute=True):
        membership.end_date = datetime.date(2026, 1, 1)
        membership.save()

    assert not is_logged_in(browser)


@pytest.mark.django_db
def test_a_membership_ending_in_the_future_keeps_the_sessions(
    member, django_capture_on_commit_callbacks
):
    browser = logged_in(member)
    membership = Membership.objects.get(person__user=member)

    with django_capture_on_commit_callbacks(execute=True):
        membership.end_date = datetime.date(2099, 12, 31)
        membership.save()

    assert is_logged_in(browser)


@pytest.mark.django_db
def test_removing_the_membership_ends_the_sessions(member, django_capture_on_commit_callbacks):
    browser = logged_in(member)

    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.get(person__user=member).delete()

    assert not is_logged_in(browser)


def disable(user):
    user.is_active = False
    user.save()


@pytest.mark.django_db(transaction=True)
async def test_disabling_the_account_closes_its_sockets(sockets, running, member, others):
    socket, _snapshot = await sockets.open(running.pk, member)
    neighbour, _snapshot = await sockets.open(running.pk, others[0])

    await run(disable, member)

    assert (await receive_until_closed(socket))[1] == 4403
    assert await neighbour.receive_nothing(timeout=0.2)


@pytest.mark.django_db
def test_daily_command_logs_out_members_whose_membership_ended_yesterday(member, others):
    leaving, staying = logged_in(member), logged_in(others[0])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # Entered in advance: saved while the date was in the future, so no signal ended anything.
    Membership.objects.filter(person__user=member).update(end_date=yesterday)
    output = io.StringIO()

    call_command("end_sessions_of_former_members", stdout=output)

    assert (is_logged_in(leaving), is_logged_in(staying)) == (False, True)
    assert output.getvalue().strip() == "1 former members, 1 sessions ended."


@pytest.mark.django_db
def test_daily_command_leaves_memberships_that_ended_long_ago(member):
    browser = logged_in(member)
    Membership.objects.filter(person__user=member).update(
        end_date=timezone.localdate() - datetime.timedelta(days=30)
    )

    call_command("end_sessions_of_former_members", stdout=io.StringIO())

    assert is_logged_in(browser)


def end_membership_in_advance(user, on: datetime.date):
    """An end date entered in advance: written without a save, so no signal closed anything."""
    Membership.objects.filter(person__user=user).update(end_date=on)


@pytest.mark.django_db(transaction=True)
async def test_daily_command_closes_the_sockets_of_former_members(sockets, running, member, others):
    leaving, _snapshot = await sockets.open(running.pk, member)
    staying, _snapshot = await sockets.open(running.pk, others[0])
    await run(end_membership_in_advance, member, timezone.localdate() - datetime.timedelta(days=1))
    assert await leaving.receive_nothing(timeout=0.2)

    await run(call_command, "end_sessions_of_former_members", stdout=io.StringIO())

    assert (await receive_until_closed(leaving))[1] == 4403
    assert await staying.receive_nothing(timeout=0.2)
