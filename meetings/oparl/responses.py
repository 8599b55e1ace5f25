"""JSON answers of the API: UTF-8, open to every origin (CORS), with an ETag and a
Last-Modified so that crawlers can poll with conditional requests and get a 304."""

import datetime
import hashlib
import json
from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from meetings.oparl.errors import OParlError

CONTENT_TYPE = "application/json; charset=utf-8"


def latest_modified(data) -> datetime.datetime | None:
    """The latest `modified` of the answer and everything embedded in it."""
    found = []

    def walk(value):
        if isinstance(value, dict):
            if isinstance(value.get("modified"), str):
                found.append(parse_datetime(value["modified"]))
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(data)
    return max(found, default=None)


def json_response(status: int, data: dict) -> HttpResponse:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body.encode(), status=status, content_type=CONTENT_TYPE)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def data_response(request, data: dict) -> HttpResponse:
    response = json_response(200, data)
    etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
    modified = latest_modified(data)
    response["ETag"] = etag
    # Clients may keep the answer but must ask again, cheaply, before using it.
    response["Cache-Control"] = "no-cache"
    last_modified = int(modified.timestamp()) if modified else None
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    conditional = get_conditional_response(
        request, etag=etag, last_modified=last_modified, response=response
    )
    conditional["Access-Control-Allow-Origin"] = "*"
    return conditional


def error_response(error: OParlError) -> HttpResponse:
    return json_response(error.status, {"error": {"status": error.status, "message": error.text()}})


def endpoint(view: Callable[..., dict]) -> Callable[..., HttpResponse]:
    """An OParl view: GET or HEAD only, returns the data as a dict (rendered in German, the
    language of the data) or raises OParlError (told in the language of the request)."""

    @require_safe
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            with translation.override("de"):
                data = view(request, *args, **kwargs)
        except OParlError as error:
            return error_response(error)
        return data_response(request, data)

    return wrapper
