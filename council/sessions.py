"""Ending a user's sessions: logged out everywhere, at once, when their access is taken away.

The live layer listens to `sessions_ended` and closes the user's open sockets; this module knows
nothing of it (council is the lowest layer).
"""

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

# Sent after commit with `user_id`, once the user's sessions are gone.
sessions_ended = Signal()


@transaction.atomic
def end_sessions(*, user_id: int) -> int:
    """Delete every session of the user (the database backend's, the one the settings use);
    returns how many. Sessions are signed blobs without a user column: each live one is read."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user_id)
    ]
    Session.objects.filter(pk__in=ended).delete()
    transaction.on_commit(lambda: sessions_ended.send(sender=end_sessions, user_id=user_id))
    return len(ended)
