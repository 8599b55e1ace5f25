"""Check the hash chain of meetings' event logs: `manage.py verify_event_log [meeting id …]`."""

from django.core.management.base import BaseCommand, CommandError

from meetings.models import Meeting
from meetings.session.events import verify_chain


class Command(BaseCommand):
    help = "Verify that no event of a meeting's log was changed, removed or inserted."

    def add_arguments(self, parser):
        parser.add_argument("meetings", nargs="*", type=int, help="meeting ids (default: all)")

    def handle(self, *args, meetings=(), **options):
        selected = Meeting.objects.filter(events__isnull=False).distinct().order_by("pk")
        if meetings:
            selected = Meeting.objects.filter(pk__in=meetings).order_by("pk")
        broken = 0
        for meeting in selected:
            problems = verify_chain(meeting)
            count = meeting.events.count()
            if problems:
                broken += 1
                self.stderr.write(f"Meeting {meeting.pk}: {len(problems)} problem(s)")
                for problem in problems:
                    self.stderr.write(f"  {problem}")
            else:
                self.stdout.write(f"Meeting {meeting.pk}: {count} events, chain intact")
        if broken:
            raise CommandError(f"The event log of {broken} meeting(s) is broken.")
