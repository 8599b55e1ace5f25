"""The in-memory channel layer of a single-process installation, made linear for big meetings."""

import time

from channels import layers


class InMemoryChannelLayer(layers.InMemoryChannelLayer):
    """Channels' in-memory layer, sweeping for expired messages at most once a second.

    The original sweeps every channel and every group on each send and receive: a broadcast to
    3,000 sockets then costs 3,000 sweeps over 3,000 channels, and a vote's result needed half a
    minute to reach them all. Messages still expire (after a minute by default); they are only
    found a second later at most.
    """

    sweep_interval = 1.0
    swept = 0.0

    def _clean_expired(self):
        now = time.monotonic()
        if now - self.swept < self.sweep_interval:
            return
        self.swept = now
        super()._clean_expired()
