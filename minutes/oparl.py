"""The published public minutes for the OParl API (`meetings.oparl.results_protocol`): the
meetings app must not import this app, so this app tells it how to find them."""

from django.db.models import OuterRef, Subquery

from meetings.oparl import links
from meetings.oparl.results_protocol import Provider
from minutes.models import Version


def results_protocol_provider() -> Provider:
    """Per meeting, its published version with the signed PUBLIC file, never the full one."""
    published = Version.objects.filter(
        minutes__meeting=OuterRef("pk"), state=Version.State.PUBLISHED
    ).exclude(signed_public_pdf="")
    return Provider(
        version=Subquery(published.values("pk")[:1]),
        number=Subquery(published.values("number")[:1]),
        file=Subquery(published.values("signed_public_pdf")[:1]),
        published=Subquery(published.values("published")[:1]),
        storage=Version._meta.get_field("signed_public_pdf").storage,
        download_url=lambda version: links.web("minutes-public-pdf", version),
    )
