"""Reading what a meeting's socket says about ballots."""

from tests.live.sockets import TIMEOUT

CHOICES = frozenset({"yes", "no", "abstain"})


async def send_cast(communicator, ballot_id, choice, request_id, **fields) -> dict:
    """Cast over the socket; returns the answer to this request (ack or error)."""
    message = {"type": "cast", "ballot": ballot_id, "choice": choice, "request_id": request_id}
    await communicator.send_json_to({**message, **fields})
    answer, _before = await answer_to(communicator, request_id)
    return answer


async def answer_to(communicator, request_id) -> tuple[dict, list[dict]]:
    """The ack or error for `request_id`, and every other message that arrived before it."""
    before = []
    while True:
        message = await communicator.receive_json_from(timeout=TIMEOUT)
        if message["type"] in ("ack", "error") and message.get("request_id") == request_id:
            return message, before
        before.append(message)


async def receive_until(communicator, predicate) -> list[dict]:
    """Every message up to and including the first that `predicate` accepts."""
    messages = []
    while not messages or not predicate(messages[-1]):
        messages.append(await communicator.receive_json_from(timeout=TIMEOUT))
    return messages


def choices_in(value, path="") -> list[str]:
    """Where a message names a choice: a `choice` field, a value `yes`/`no`/`abstain`, or a
    count keyed by choice. Empty for a message that says nothing about how anyone voted."""
    found = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "choice" or key in CHOICES:
                found.append(f"{path}.{key}")
            found.extend(choices_in(inner, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.extend(choices_in(inner, f"{path}[{index}]"))
    elif isinstance(value, str) and value in CHOICES:
        found.append(f"{path}={value}")
    return found
