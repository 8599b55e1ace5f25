"""The minutes of the demo's past Stadtrat meeting (`voting.demo`): drafted with the recorder's
notes and finalized, ready for the signatures of recorder and chair.

Seeded once: when the meeting already has minutes, nothing changes.
"""

from django.contrib.auth import get_user_model

from meetings.models import Meeting
from minutes import services
from minutes.models import Minutes
from voting.demo import ELECTION, NON_PUBLIC, PAPERS

NOTES = {
    PAPERS[0][0]: (
        "Die Verwaltung erläuterte die Vorlage. Ratsmitglied Lehmann sprach sich für die "
        "Benennung aus und würdigte Hedwig Dohm als Vorkämpferin der Frauenrechte.",
        "",
    ),
    PAPERS[1][0]: (
        "Die Verwaltung stellte die Kosten und den Förderanteil des Landes dar.",
        "Die Fraktion der Grünen erklärt zu Protokoll, dass sie die Umstellung auf LED begrüßt.",
    ),
    ELECTION: ("Vorgeschlagen wurde Herr Manfred Ostermann.", ""),
    NON_PUBLIC: ("Die Kämmerin erläuterte die Lage des Unternehmens.", ""),
}


def seed(*, with_passwords: bool) -> None:
    meeting = Meeting.objects.filter(state=Meeting.State.CLOSED, ballots__isnull=False).first()
    if meeting is None or Minutes.objects.filter(meeting=meeting).exists():
        return
    users = get_user_model().objects
    clerk = users.get(username="sekretariat")
    minutes = services.open_minutes(meeting=meeting)
    items = {item.title: item.pk for item in meeting.agenda_items.all()}
    services.update_minutes(
        by=clerk,
        minutes=minutes,
        recorder=clerk,
        chair=minutes.chair,
        opening="Der Vorsitzende eröffnete die Sitzung und stellte die ordnungsgemäße Einladung "
        "sowie die Beschlussfähigkeit fest.",
        closing="",
        notes={items[title]: texts for title, texts in NOTES.items()},
    )
    services.finalize(by=clerk, minutes=minutes)
