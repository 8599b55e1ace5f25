"""The secret addresses of members' private calendar feeds."""

from django.db import transaction

from meetings.models import CalendarToken


@transaction.atomic
def renew_calendar_token(*, user) -> CalendarToken:
    """A new secret address; the old one stops working at once."""
    CalendarToken.objects.filter(user=user).delete()
    return CalendarToken.objects.create(user=user)


@transaction.atomic
def revoke_calendar_token(*, user) -> None:
    CalendarToken.objects.filter(user=user).delete()
