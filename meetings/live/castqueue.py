"""Group commit of casts: the casts that arrive while the database thread is busy go to it
together, as one batch (`protocol.handle_casts`, one transaction).

A worker's database work runs on one thread. When a thousand members vote at once, their casts
would wait there one behind the other, a transaction each; here the first cast goes alone, the
ones that came meanwhile go next, together, and so on. One queue per event loop (a Daphne worker
has one); each socket awaits its own answer.
"""

import asyncio

from channels.db import database_sync_to_async

from config.perloop import per_loop
from meetings.live import protocol


class CastQueue:
    def __init__(self):
        self.waiting: list[tuple[protocol.Submission, asyncio.Future]] = []
        self.drainer: asyncio.Task | None = None

    async def submit(self, submission: protocol.Submission) -> dict:
        """The cast's answer, once its batch is written; its refusal as a `LiveError`."""
        answer = asyncio.get_running_loop().create_future()
        self.waiting.append((submission, answer))
        if self.drainer is None or self.drainer.done():
            self.drainer = asyncio.create_task(self.drain())
        return await answer

    async def drain(self) -> None:
        while self.waiting:
            batch, self.waiting = self.waiting, []
            try:
                answers = await database_sync_to_async(protocol.handle_casts)(
                    [submission for submission, _answer in batch]
                )
            except Exception as error:  # an outage, say: every cast of the batch hears of it
                answers = [error] * len(batch)
            for (_submission, answer), result in zip(batch, answers, strict=True):
                if answer.done():
                    continue  # the socket closed meanwhile; the cast stands all the same
                if isinstance(result, Exception):
                    answer.set_exception(result)
                else:
                    answer.set_result(result)


queue = per_loop(CastQueue)


async def submit(submission: protocol.Submission) -> dict:
    return await queue().submit(submission)
