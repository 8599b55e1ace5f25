"""Removals of public objects, kept so that OParl clients learn to delete their copies.

Called inside the transaction of the service that removes an object or takes it out of the
public; they record only what was public, so that nothing non-public leaves a trace.
"""

from django.utils import timezone

from meetings.models import AgendaItem, Consultation, Document, Paper, RemovedObject

Kind = RemovedObject.Kind


def record(kind: str, objects) -> None:
    for obj in objects:
        RemovedObject.objects.update_or_create(
            kind=kind, object_id=obj.pk, defaults={"created": obj.created}
        )


def record_item_removal(item: AgendaItem) -> None:
    """Before an item and its sub-items are deleted. Their consultations lose their link to
    the agenda: they count as changed."""
    items = [item, *item.children.all()]
    Consultation.objects.filter(agenda_item__in=items).update(modified=timezone.now())
    if item.is_public and item.meeting.invited is not None:
        record(Kind.AGENDA_ITEM, items)
        record(Kind.DOCUMENT, Document.objects.filter(agenda_item__in=items))


def record_paper_visibility(paper: Paper, *, was_public: bool) -> None:
    """After a paper's `is_public` was saved: leaving the public removes it with its documents
    and consultations; coming back restores them."""
    parts = [
        (Kind.PAPER, [paper]),
        (Kind.DOCUMENT, paper.documents.all()),
        (Kind.CONSULTATION, paper.consultations.all()),
    ]
    if was_public and not paper.is_public:
        for kind, objects in parts:
            record(kind, objects)
    elif paper.is_public and not was_public:
        for kind, objects in parts:
            RemovedObject.objects.filter(
                kind=kind, object_id__in=[obj.pk for obj in objects]
            ).delete()
