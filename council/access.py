"""Guards for pages of the secretariat (Sitzungsdienst), in every app."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from council.permissions import is_secretariat


def secretariat_required(view):
    """Anonymous users are sent to the login; logged-in users without the role get a 403."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_secretariat(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded
