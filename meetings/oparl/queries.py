"""Every database look-up of the OParl API, and with it the rule of what is public.

A meeting is public from its invitation on; of its agenda only the public items, their documents
and consultations; a paper only if it is public, with its documents; of a meeting's notices only
the public one (Bekanntmachung). Each query set prefetches what its serializer reads, so that a
page of a list costs the same number of queries however long it is.
"""

import hashlib
from functools import lru_cache

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from council.models import Body, Faction, LegislativeTerm, Membership, Municipality, Person
from meetings.models import (
    AgendaItem,
    Consultation,
    Document,
    Location,
    Meeting,
    Notice,
    Paper,
    RemovedObject,
)
from meetings.oparl import results_protocol


def municipality() -> Municipality | None:
    return Municipality.objects.first()


def legislative_terms() -> QuerySet:
    return LegislativeTerm.objects.order_by("start_date", "pk")


def committees() -> QuerySet:
    """Gremien as OParl organizations, with the ids of their memberships."""
    return Body.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.only("pk", "body_id").order_by("pk"))
    )


def factions() -> QuerySet:
    return Faction.objects.all()


def memberships() -> QuerySet:
    return Membership.objects.all()


def people() -> QuerySet:
    """People with their memberships; the contact data stays in the database."""
    return Person.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.order_by("start_date", "pk"))
    )


def public_meetings() -> QuerySet:
    return Meeting.objects.filter(invited__isnull=False)


def meetings() -> QuerySet:
    return (
        public_meetings()
        .annotate(**results_protocol.annotations())
        .select_related("body", "location")
        .prefetch_related(
            Prefetch(
                "agenda_items", queryset=agenda_items().order_by("order"), to_attr="public_items"
            ),
            Prefetch(
                "notices", queryset=Notice.objects.order_by("-version"), to_attr="notice_list"
            ),
        )
    )


def agenda_items() -> QuerySet:
    """Public items of public meetings. An item shows its consultation's result, so it counts
    as changed when its consultation changed (`last_change`, also what the list filters use)."""
    return (
        AgendaItem.objects.filter(is_public=True, meeting__invited__isnull=False)
        .annotate(last_change=Greatest("modified", Coalesce("consultation__modified", "modified")))
        .select_related("consultation__paper")
        .prefetch_related(Prefetch("documents", queryset=Document.objects.order_by("created")))
    )


def public_papers() -> QuerySet:
    return Paper.objects.filter(is_public=True)


def papers() -> QuerySet:
    return public_papers().prefetch_related(
        Prefetch("documents", queryset=Document.objects.order_by("created")),
        Prefetch("consultations", queryset=consultations().order_by("position")),
    )


def consultations() -> QuerySet:
    return Consultation.objects.filter(paper__is_public=True).select_related("agenda_item__meeting")


def documents() -> QuerySet:
    """Documents of public papers and of public items of public meetings."""
    return Document.objects.filter(
        Q(paper__is_public=True)
        | Q(agenda_item__is_public=True, agenda_item__meeting__invited__isnull=False)
    ).select_related("agenda_item")


def invitations() -> QuerySet:
    """The current public notice of each public meeting: the meeting's OParl `invitation`."""
    latest = Notice.objects.filter(meeting=OuterRef("meeting")).order_by("-version")
    return Notice.objects.filter(
        meeting__invited__isnull=False, version=Subquery(latest.values("version")[:1])
    )


def results_protocols() -> QuerySet:
    """Public meetings with published public minutes: each meeting's OParl `resultsProtocol`."""
    return (
        public_meetings()
        .annotate(**results_protocol.annotations())
        .filter(**{f"{results_protocol.RESULTS_FILE}__gt": ""})
    )


def locations() -> QuerySet:
    """The places of public meetings."""
    return Location.objects.filter(pk__in=public_meetings().values("location_id"))


def removed(kind: str) -> QuerySet:
    """Public objects of a kind that are gone: the API shows them as `deleted`."""
    return RemovedObject.objects.filter(kind=kind)


@lru_cache(maxsize=1024)
def _stored_file_facts(name: str, storage) -> tuple[int, str] | None:
    # Notices and signed minutes are written once under a random name and never changed: their
    # facts can be kept.
    try:
        with storage.open(name, "rb") as stored:
            return storage.size(name), hashlib.file_digest(stored, "sha512").hexdigest()
    except FileNotFoundError:
        return None


def public_notice_facts(notice: Notice) -> tuple[int, str] | None:
    """Size and SHA-512 of the public notice PDF, or None when its file is missing."""
    return _stored_file_facts(notice.public_pdf.name, notice.public_pdf.storage)


def results_protocol_facts(name: str) -> tuple[int, str] | None:
    """Size and SHA-512 of published minutes; a signed file is never rewritten (a correction is
    a new version under a new name), so its facts can be kept too."""
    return _stored_file_facts(name, results_protocol.provider().storage)


def municipalities() -> QuerySet:
    return Municipality.objects.all()
