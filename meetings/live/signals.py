"""Close the sockets of a user who logs out or loses access, so nothing more reaches them.

The sockets themselves decide nothing here: they are told to close, and a new connection is
checked from scratch (`access.identify`).
"""

from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from council.models import Membership
from council.sessions import sessions_ended
from meetings.live.fanout import close_sockets_of


@receiver(user_logged_out)
def close_on_logout(sender, user, **kwargs):
    if user is not None:
        close_sockets_of(user.pk)


@receiver([post_save, post_delete], sender=Membership)
def close_on_membership_change(sender, instance, **kwargs):
    """A changed or ended membership may take away what the open sockets were allowed to see."""
    user_id = instance.person.user_id if instance.person_id else None
    if user_id is not None:
        transaction.on_commit(lambda: close_sockets_of(user_id))


@receiver(sessions_ended)
def close_when_sessions_ended(sender, user_id, **kwargs):
    """An account disabled or a membership ended: the sessions are gone, so are the sockets."""
    close_sockets_of(user_id)
