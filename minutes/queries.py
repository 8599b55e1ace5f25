"""Read-side look-ups of the minutes."""

from minutes.models import Version


def published_versions():
    """The versions published now (one per meeting at most), with their meeting and body."""
    return Version.objects.filter(state=Version.State.PUBLISHED).select_related(
        "minutes__meeting__body"
    )
