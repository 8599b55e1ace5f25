"""The vendored OParl 1.1 schemas, loaded once, with a registry that resolves their `$ref`s."""

import json
from pathlib import Path

from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS = Path(__file__).parent / "schema"
BASE = "https://schema.oparl.org/1.1/"
TYPES = [
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
]


def load(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


REGISTRY = Registry().with_resources(
    (f"{BASE}{name}.json", Resource.from_contents(load(name), default_specification=DRAFT7))
    for name in TYPES
)
