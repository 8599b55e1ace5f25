"""Prüfung: which published minutes an uploaded PDF is, if any, by the SHA-256 of the signed
files as published. Read-only; what its signatures say is `signing.verify`'s business."""

import hashlib
from dataclasses import dataclass

from django.db.models import Q

from minutes import rules
from minutes.models import Version

PUBLISHED_STATES = [Version.State.PUBLISHED, Version.State.SUPERSEDED]
END_OF_FILE = b"%%EOF"
# Signed minutes have three updates (rendering, recorder, chair); a few more may be appended.
MAX_ENDS = 100


@dataclass(frozen=True)
class Match:
    """The published file an upload is (`exact`) or begins with (something appended after)."""

    version: Version
    document: str  # rules.FULL or rules.PUBLIC
    exact: bool

    @property
    def superseded(self) -> bool:
        return self.version.state == Version.State.SUPERSEDED


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def update_ends(content: bytes) -> list[int]:
    """Where the updates of a PDF end (after `%%EOF` and its line break), before the end of the
    file: a published file with more appended ends at one of them. At most `MAX_ENDS`, from the
    start: the published part comes first."""
    ends = []
    start = content.find(END_OF_FILE)
    while start != -1 and len(ends) < MAX_ENDS:
        end = start + len(END_OF_FILE)
        ends.append(end)
        for line_break in (b"\r\n", b"\n", b"\r"):
            if content.startswith(line_break, end):
                ends.append(end + len(line_break))
                break
        start = content.find(END_OF_FILE, end)
    return [end for end in ends if end < len(content)]


def beginning_digests(content: bytes) -> dict[str, int]:
    """SHA-256 of each beginning that ends an update, with its length; one pass over the file,
    however many updates it claims to have."""
    digests, running, done = {}, hashlib.sha256(), 0
    for end in update_ends(content):
        running.update(content[done:end])
        done = end
        digests[running.copy().hexdigest()] = end
    return digests


def find_published(content: bytes) -> Match | None:
    """The published minutes the upload is an unchanged copy of; else those it begins with
    (the longest such beginning); else None."""
    whole = sha256(content)
    beginnings = beginning_digests(content)
    digests = [whole, *beginnings]
    versions = Version.objects.filter(state__in=PUBLISHED_STATES).filter(
        Q(signed_full_sha256__in=digests) | Q(signed_public_sha256__in=digests)
    )
    matches = []
    for version in versions.select_related("minutes__meeting__body"):
        for document, digest in (
            (rules.FULL, version.signed_full_sha256),
            (rules.PUBLIC, version.signed_public_sha256),
        ):
            if digest == whole:
                matches.append((len(content) + 1, Match(version, document, exact=True)))
            elif digest in beginnings:
                matches.append((beginnings[digest], Match(version, document, exact=False)))
    if not matches:
        return None
    return max(matches, key=lambda pair: pair[0])[1]
