"""Log out the members whose membership ended in the last days (run daily, after midnight).

A membership ended by saving it ends the sessions at once (`council.signals`); one whose end date
was entered in advance ends on a day when nobody saves anything, hence this command."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from council.models import Membership
from council.sessions import end_sessions


class Command(BaseCommand):
    help = "End the sessions of users whose membership ended in the last days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, default=1, help="How many past days to look at (default: 1)."
        )

    def handle(self, *args, days, **options):
        today = timezone.localdate()
        users = set(
            Membership.objects.filter(
                end_date__lt=today,
                end_date__gte=today - datetime.timedelta(days=days),
                person__user__isnull=False,
            ).values_list("person__user_id", flat=True)
        )
        ended = sum(end_sessions(user_id=user_id) for user_id in sorted(users))
        self.stdout.write(f"{len(users)} former members, {ended} sessions ended.")
