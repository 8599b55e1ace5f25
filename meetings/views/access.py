"""Guards and small helpers for the secretariat's pages."""

from council.access import secretariat_required

__all__ = ["posted", "secretariat_required"]


def posted(request):
    """The submitted data of a POST, even an empty one, and None for a GET (unbound form)."""
    return request.POST if request.method == "POST" else None
