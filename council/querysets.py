"""Look-ups of memberships by date: who sits in a body, and who may vote, on a given day."""

import datetime

from django.db import models
from django.db.models import Q


class MembershipQuerySet(models.QuerySet):
    def on(self, date: datetime.date):
        """Memberships that are in force on `date` (start and end inclusive)."""
        return self.filter(
            Q(start_date__lte=date), Q(end_date__isnull=True) | Q(end_date__gte=date)
        )

    def voting(self):
        return self.filter(voting_right=True)

    def overlapping(self, *, person_id, body_id, start_date, end_date):
        """Memberships of the person in the body whose period shares a day with the given one."""
        overlap = Q(person_id=person_id, body_id=body_id)
        if end_date is not None:
            overlap &= Q(start_date__lte=end_date)
        return self.filter(overlap).filter(Q(end_date__isnull=True) | Q(end_date__gte=start_date))
