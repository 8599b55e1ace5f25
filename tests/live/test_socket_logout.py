"""Logging out, or a changed membership, closes the user's sockets (4403): nothing more reaches
them, and a new socket is checked anew."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from council.models import Membership
from tests.live.sockets import act, receive_until_closed, receive_until_seq, run, session_cookie

pytestmark = pytest.mark.django_db(transaction=True)


def log_out(user):
    """Log in and out in a browser of its own: Django sends `user_logged_out`."""
    client = Client()
    client.force_login(user)
    client.logout()


async def test_logging_out_closes_the_users_sockets(sockets, running, member):
    first, _snapshot = await sockets.open(running.pk, member)
    second, _snapshot = await sockets.open(running.pk, member)

    await run(log_out, member)

    assert (await receive_until_closed(first))[1] == 4403
    assert (await receive_until_closed(second))[1] == 4403


async def test_logging_out_leaves_other_users_connected(sockets, running, clerk, member, others):
    leaving, _snapshot = await sockets.open(running.pk, member)
    staying, _snapshot = await sockets.open(running.pk, others[0])
    await run(log_out, member)
    await receive_until_closed(leaving)

    await act(clerk, running.pk, "attendance.mark", person=member.person.pk, state="absent")

    (event,) = await receive_until_seq(staying, 2)
    assert (event["type"], event["op"]) == ("attendance", "marked")


def end_membership(user):
    membership = Membership.objects.get(person__user=user)
    membership.end_date = datetime.date(2026, 1, 1)
    membership.save()


async def test_ended_membership_closes_the_sockets(sockets, running, member):
    socket, _snapshot = await sockets.open(running.pk, member)

    await run(end_membership, member)

    assert (await receive_until_closed(socket))[1] == 4403


async def test_logged_out_session_reconnects_as_public(sockets, running, member):
    cookie = await run(session_cookie, member)
    client_cookie = cookie.split("=", 1)[1]

    def log_out_that_session():
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = client_cookie
        client.logout()

    await run(log_out_that_session)
    _socket, snapshot = await sockets.open(running.pk, cookies=[cookie])

    assert snapshot["you"]["audience"] == "public"
