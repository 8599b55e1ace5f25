from council.models import Municipality


def municipality(request):
    """The town's name for the header of every page."""
    return {"municipality": Municipality.objects.first()}
