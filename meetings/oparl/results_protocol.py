"""The Meeting's `resultsProtocol`: its published public minutes (Niederschrift) as an OParl File.

The minutes belong to the minutes app, which sits above the meetings app and may not be imported
here. It registers a `Provider` instead (in its `AppConfig.ready`): expressions that, evaluated
for a meeting (`OuterRef("pk")`), give the published version's public file, and the address it
is downloaded from. The OParl queries annotate meetings with them, so a page of meetings costs no
extra query. Without a provider, no meeting has a results protocol.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.storage import Storage
from django.db.models import DateTimeField, Expression, IntegerField, TextField, Value

# The annotations a meeting gets; `RESULTS_FILE` is null unless public minutes are published.
RESULTS_VERSION = "results_protocol_version"
RESULTS_NUMBER = "results_protocol_number"
RESULTS_FILE = "results_protocol_file"
RESULTS_PUBLISHED = "results_protocol_published"


@dataclass(frozen=True)
class Provider:
    """Per meeting (`OuterRef("pk")`): the id and number of its published version, the name of
    its signed public PDF in `storage`, when it was published; and the version id → the public
    address of that PDF. Never the full minutes: they are not public."""

    version: Expression
    number: Expression
    file: Expression
    published: Expression
    storage: Storage
    download_url: Callable[[int], str]


_provider: Provider | None = None


def register(provider: Provider) -> None:
    global _provider  # the one registry, set once at start-up
    _provider = provider


def provider() -> Provider | None:
    return _provider


def annotations() -> dict[str, Expression]:
    """What `meetings()` annotates each meeting with."""
    if _provider is None:
        return {
            RESULTS_VERSION: Value(None, output_field=IntegerField()),
            RESULTS_NUMBER: Value(None, output_field=IntegerField()),
            RESULTS_FILE: Value(None, output_field=TextField()),
            RESULTS_PUBLISHED: Value(None, output_field=DateTimeField()),
        }
    return {
        RESULTS_VERSION: _provider.version,
        RESULTS_NUMBER: _provider.number,
        RESULTS_FILE: _provider.file,
        RESULTS_PUBLISHED: _provider.published,
    }
