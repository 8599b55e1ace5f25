"""Small helpers for the secretariat's pages (their guard is `council.access`)."""


def posted(request):
    """The submitted data of a POST, even an empty one, and None for a GET (unbound form)."""
    return request.POST if request.method == "POST" else None
