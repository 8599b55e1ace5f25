"""A disabled account or an ended membership ends the user's sessions (`council.sessions`)."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from council.models import Membership, Person
from council.sessions import end_sessions


def end_sessions_after_commit(user_id: int | None) -> None:
    if user_id is not None:
        transaction.on_commit(lambda: end_sessions(user_id=user_id))


def user_of(membership: Membership) -> int | None:
    # Read, not followed: a membership deleted with its person has no person to follow.
    return Person.objects.filter(pk=membership.person_id).values_list("user_id", flat=True).first()


@receiver(post_save, sender=get_user_model())
def end_sessions_of_disabled_user(sender, instance, **kwargs):
    if not instance.is_active:
        end_sessions_after_commit(instance.pk)


@receiver(post_save, sender=Membership)
def end_sessions_when_membership_ended(sender, instance, **kwargs):
    if instance.has_ended(on=timezone.localdate()):
        end_sessions_after_commit(user_of(instance))


@receiver(post_delete, sender=Membership)
def end_sessions_when_membership_removed(sender, instance, **kwargs):
    end_sessions_after_commit(user_of(instance))
