"""External object lists (Objektlisten): the filters and the pages of a list.

A list is made of sources, each a query set and the serializer of its objects (the list of
organizations holds Gremien and Fraktionen; the list of files holds documents and public
notices). Sources are paged one after another, each in primary-key order, so that a crawler
walking the pages sees every object once. A page costs one count per source plus one query
(and its prefetches) per source it shows objects of, however many objects that are.
"""

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.dateparse import parse_datetime
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from meetings.oparl.errors import OParlError

DEFAULT_LIMIT = 100
MAX_LIMIT = 500

# filter parameter → (which time stamp, comparison)
FILTERS = {
    "created_since": ("created", "gte"),
    "created_until": ("created", "lte"),
    "modified_since": ("modified", "gte"),
    "modified_until": ("modified", "lte"),
}


@dataclass(frozen=True)
class Source:
    queryset: QuerySet
    serialize: Callable[..., dict]
    # The fields that hold this source's `created` and `modified` (a notice has only `created`).
    created: str = "created"
    modified: str = "modified"


@dataclass(frozen=True)
class ListQuery:
    page: int = 1
    limit: int = DEFAULT_LIMIT
    filters: dict[str, datetime.datetime] = field(default_factory=dict)
    # The parameters as the client gave them, for the links to other pages.
    given: dict[str, str] = field(default_factory=dict)


def parse_moment(name: str, raw: str) -> datetime.datetime:
    # A "+" in a query string arrives as a space when the client did not encode it as %2B.
    try:
        moment = parse_datetime(raw.strip().replace(" ", "+"))
    except ValueError:  # well-formed but impossible, such as month 13
        moment = None
    if moment is None:
        raise OParlError(
            400,
            _(
                "The filter %(name)s needs a date and time in ISO 8601 with a time zone, "
                "e.g. 2026-01-31T18:00:00+01:00; %(value)s is not one."
            ),
            name=name,
            value=raw,
        )
    if moment.tzinfo is None:
        raise OParlError(
            400,
            _("The filter %(name)s needs a time zone, e.g. 2026-01-31T18:00:00+01:00."),
            name=name,
        )
    return moment


def parse_positive(name: str, raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise OParlError(400, _("%(name)s must be a whole number of 1 or more."), name=name)
    return int(raw)


def parse_query(query: QueryDict) -> ListQuery:
    """Read the filters, `limit` and `page` of a list request; refuse what is not valid."""
    filters = {name: parse_moment(name, query[name]) for name in FILTERS if name in query}
    limit = min(parse_positive("limit", query["limit"]), MAX_LIMIT) if "limit" in query else None
    page = parse_positive("page", query["page"]) if "page" in query else 1
    given = {name: query[name] for name in FILTERS if name in query}
    if limit is not None:
        given["limit"] = str(limit)
    return ListQuery(page=page, limit=limit or DEFAULT_LIMIT, filters=filters, given=given)


def filtered(source: Source, filters: dict[str, datetime.datetime]) -> QuerySet:
    conditions = {}
    for name, moment in filters.items():
        stamp, comparison = FILTERS[name]
        conditions[f"{getattr(source, stamp)}__{comparison}"] = moment
    return source.queryset.filter(**conditions).order_by("pk")


def page_of(sources: list[Source], query: ListQuery, *, url: str, context: dict) -> dict:
    """One page of the list at `url` as OParl's `data`, `pagination` and `links`."""
    querysets = [filtered(source, query.filters) for source in sources]
    counts = [queryset.count() for queryset in querysets]
    total = sum(counts)
    pages = max(1, math.ceil(total / query.limit))
    if query.page > pages:
        raise OParlError(
            404,
            _("This list has %(pages)d pages; there is no page %(page)d."),
            pages=pages,
            page=query.page,
        )
    start, end = (query.page - 1) * query.limit, query.page * query.limit
    data, offset = [], 0
    for source, queryset, count in zip(sources, querysets, counts, strict=True):
        low, high = max(start - offset, 0), min(end - offset, count)
        if low < high:
            data += [source.serialize(obj, **context) for obj in queryset[low:high]]
        offset += count
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": query.limit,
            "currentPage": query.page,
            "totalPages": pages,
        },
        "links": page_links(url, query, pages),
    }


def page_links(url: str, query: ListQuery, pages: int) -> dict:
    def to(page: int) -> str:
        return f"{url}?{urlencode({**query.given, 'page': page})}"

    links = {"first": to(1)}
    if query.page > 1:
        links["prev"] = to(query.page - 1)
    if query.page < pages:
        links["next"] = to(query.page + 1)
    links["last"] = to(pages)
    return links
