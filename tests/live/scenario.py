"""One whole meeting with a public and a non-public part, played through the protocol as the
clients would send it (for the websocket tests that watch it from several sockets)."""

from tests.live.conftest import SECRET_TITLE
from tests.live.sockets import act

# Who does what on the non-public item; their names may reach the public only in the roll call.
SPEAKER, REPORTER, CONFLICTED = "Birgit Schwarz", "Jonas Weber", "Kemal Aydin"
PUBLIC_SPEAKER = "Lena Vogt"


async def play_meeting(m, *, clerk, chair, member, others, public_item, secret_item):
    """Start, roll call, a public item, the non-public item with speakers, a conflict and a
    connection failure, back to public, close. Returns the last seq."""
    reporter, public_speaker, conflicted = others
    await act(clerk, m, "meeting.start")
    for user, state in [
        (chair, "hall"),
        (member, "hall"),
        (reporter, "remote"),
        (public_speaker, "hall"),
        (conflicted, "hall"),
    ]:
        await act(clerk, m, "attendance.mark", person=user.person.pk, state=state)
    await act(chair, m, "agenda.call", item=public_item.pk)
    spoken = await act(public_speaker, m, "speakers.request", kind="speech")
    await act(chair, m, "speakers.start", request=spoken.data["request"])
    await act(chair, m, "agenda.status", item=public_item.pk, status="done")
    await act(chair, m, "agenda.call", item=secret_item.pk)
    own = await act(member, m, "speakers.request", kind="speech")
    await act(conflicted, m, "speakers.request", kind="speech")
    other = await act(clerk, m, "speakers.add", person=reporter.person.pk, kind="point_of_order")
    await act(clerk, m, "speakers.move", request=own.data["request"], direction="down")
    await act(chair, m, "speakers.start", request=own.data["request"])
    await act(chair, m, "speakers.stop", request=own.data["request"])
    await act(clerk, m, "speakers.remove", request=other.data["request"])
    await act(conflicted, m, "conflict.declare", item=secret_item.pk)
    failure = await act(reporter, m, "failure.report")
    await act(
        chair,
        m,
        "failure.decide",
        failure=failure.data["failure"],
        fault="member",
        decision=f"{SECRET_TITLE} wird nicht wiederholt",
    )
    await act(chair, m, "agenda.status", item=secret_item.pk, status="done")
    await act(chair, m, "agenda.call", item=public_item.pk)
    closed = await act(chair, m, "meeting.close")
    return closed.seq
