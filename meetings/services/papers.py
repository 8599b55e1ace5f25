"""Papers (Vorlagen) and their consultation path."""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Body, Municipality
from meetings.audit import record_for_paper
from meetings.errors import MeetingError
from meetings.models import Consultation, Paper
from meetings.rules import paper_reference
from meetings.services import removals


@transaction.atomic
def create_paper(*, by, kind: str, title: str, path: list[Body], **fields) -> Paper:
    """Create a paper with the next reference of its year and its consultation path.

    Locks the municipality row: two papers created at once must not get the same number.
    """
    Municipality.objects.select_for_update().first()
    date = fields.pop("date", None) or timezone.localdate()
    number = (Paper.objects.filter(year=date.year).aggregate(Max("number"))["number__max"] or 0) + 1
    paper = Paper.objects.create(
        year=date.year,
        number=number,
        reference=paper_reference(date.year, number),
        kind=kind,
        title=title,
        date=date,
        **fields,
    )
    for position, body in enumerate(path, start=1):
        Consultation.objects.create(
            paper=paper, body=body, position=position, is_decisive=position == len(path)
        )
    record_for_paper("paper.created", by=by, paper=paper)
    return paper


def consultation_for(paper: Paper, body: Body) -> Consultation:
    """The paper's open step in this body, or a new step at the end of its path."""
    open_step = paper.consultations.filter(body=body, agenda_item__isnull=True).first()
    if open_step:
        return open_step
    last = paper.consultations.aggregate(Max("position"))["position__max"] or 0
    return Consultation.objects.create(paper=paper, body=body, position=last + 1)


@transaction.atomic
def update_paper(*, by, paper: Paper, **fields) -> Paper:
    """Change a paper's data; it cannot become non-public while a public item discusses it."""
    if (
        not fields.get("is_public", paper.is_public)
        and paper.consultations.filter(agenda_item__is_public=True).exists()
    ):
        raise MeetingError(
            _("The paper is on the public part of an agenda and cannot become non-public.")
        )
    was_public = paper.is_public
    for name, value in fields.items():
        setattr(paper, name, value)
    paper.save()
    removals.record_paper_visibility(paper, was_public=was_public)
    record_for_paper("paper.changed", by=by, paper=paper, fields=sorted(fields))
    return paper
