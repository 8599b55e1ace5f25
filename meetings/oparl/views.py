"""The OParl endpoints: look up, check the object is public, serialize. Nothing else."""

from functools import partial

from django.utils.translation import gettext_lazy as _

from meetings.models import RemovedObject
from meetings.oparl import links, queries, results_protocol
from meetings.oparl import serializers as to_json
from meetings.oparl.errors import OParlError
from meetings.oparl.lists import Source, page_of, parse_query
from meetings.oparl.responses import endpoint

NOT_FOUND = _("There is no public object at this address.")


def the_town():
    town = queries.municipality()
    if town is None:
        raise OParlError(404, _("This installation has not set up its municipality yet."))
    return town


def one(queryset, **lookup):
    found = queryset.filter(**lookup).first()
    if found is None:
        raise OParlError(404, NOT_FOUND)
    return found


def body_url(town) -> str:
    return links.api("body", town.pk)


def gone(kind: str) -> Source:
    return Source(queries.removed(kind), to_json.removed)


Kind = RemovedObject.Kind

# The Body's lists: name in the address → its sources (the removed objects last).
BODY_LISTS = {
    "organization": lambda: [
        Source(queries.committees(), to_json.committee),
        Source(queries.factions(), to_json.faction),
    ],
    "person": lambda: [Source(queries.people(), to_json.person)],
    "meeting": lambda: [Source(queries.meetings(), to_json.meeting)],
    "paper": lambda: [Source(queries.papers(), to_json.paper), gone(Kind.PAPER)],
    "agenda-item": lambda: [
        Source(queries.agenda_items(), to_json.agenda_item, modified="last_change"),
        gone(Kind.AGENDA_ITEM),
    ],
    "consultation": lambda: [
        Source(queries.consultations(), to_json.consultation),
        gone(Kind.CONSULTATION),
    ],
    "file": lambda: [
        Source(queries.documents(), to_json.file),
        Source(queries.invitations(), to_json.invitation, modified="created"),
        Source(
            queries.results_protocols(),
            to_json.results,
            created=results_protocol.RESULTS_PUBLISHED,
            modified=results_protocol.RESULTS_PUBLISHED,
        ),
        gone(Kind.DOCUMENT),
    ],
    "location": lambda: [Source(queries.locations(), to_json.location)],
    "legislative-term": lambda: [Source(queries.legislative_terms(), to_json.legislative_term)],
    "membership": lambda: [Source(queries.memberships(), to_json.membership)],
}


@endpoint
def system(request):
    return to_json.system(the_town())


@endpoint
def body_list(request):
    query = parse_query(request.GET)
    terms = list(queries.legislative_terms())
    source = Source(queries.municipalities(), partial(to_json.body, terms=terms))
    return page_of([source], query, url=links.api("body-list"), context={})


@endpoint
def body(request, pk):
    return to_json.body(one(queries.municipalities(), pk=pk), terms=queries.legislative_terms())


@endpoint
def body_objects(request, pk, name):
    query = parse_query(request.GET)
    town = one(queries.municipalities(), pk=pk)
    if name not in BODY_LISTS:
        raise OParlError(404, NOT_FOUND)
    return page_of(
        BODY_LISTS[name](),
        query,
        url=links.api("body-objects", town.pk, name),
        context={"body_url": body_url(town)},
    )


@endpoint
def organization_meetings(request, pk):
    query = parse_query(request.GET)
    gremium = one(queries.committees(), pk=pk)
    source = Source(queries.meetings().filter(body=gremium), to_json.meeting)
    return page_of([source], query, url=links.api("organization-meetings", pk), context={})


def object_view(queryset, serialize, *, needs_body=False, removed_as=None):
    """The view of one object of a type: 404 unless it is public; a public object that is gone
    (`removed_as` names its kind) answers as deleted."""

    @endpoint
    def view(request, pk):
        found = queryset().filter(pk=pk).first()
        if found is None and removed_as:
            removal = queries.removed(removed_as).filter(object_id=pk).first()
            if removal is not None:
                return to_json.removed(removal)
        if found is None:
            raise OParlError(404, NOT_FOUND)
        if needs_body:
            return serialize(found, body_url=body_url(the_town()))
        return serialize(found)

    return view


committee = object_view(queries.committees, to_json.committee, needs_body=True)
faction = object_view(queries.factions, to_json.faction, needs_body=True)
legislative_term = object_view(queries.legislative_terms, to_json.legislative_term, needs_body=True)
paper = object_view(queries.papers, to_json.paper, needs_body=True, removed_as=Kind.PAPER)
person = object_view(queries.people, to_json.person)
membership = object_view(queries.memberships, to_json.membership)
meeting = object_view(queries.meetings, to_json.meeting)
agenda_item = object_view(queries.agenda_items, to_json.agenda_item, removed_as=Kind.AGENDA_ITEM)
consultation = object_view(
    queries.consultations, to_json.consultation, removed_as=Kind.CONSULTATION
)
file = object_view(queries.documents, to_json.file, removed_as=Kind.DOCUMENT)
location = object_view(queries.locations, to_json.location)


@endpoint
def meeting_invitation(request, pk):
    """The current public notice of a meeting; its address stays when a new version comes."""
    return to_json.invitation(one(queries.invitations(), meeting_id=pk))


@endpoint
def meeting_results_protocol(request, pk):
    """The published public minutes of a meeting; the address stays when a correction comes."""
    return to_json.results(one(queries.results_protocols(), pk=pk))


@endpoint
def not_found(request):
    raise OParlError(404, NOT_FOUND)
