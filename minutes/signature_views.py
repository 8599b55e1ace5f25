"""The signing page of the recorder and the chair, and the public verification of a PDF.

The passphrase of an uploaded key file is used for the one signature: it is never stored,
never shown again, and kept out of error reports (`sensitive_post_parameters`).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from meetings.models import Meeting
from meetings.views.access import posted
from minutes import rules, services
from minutes.errors import MinutesError
from minutes.forms import OWN_KEY, SignForm, VerifyForm
from minutes.models import Minutes, Version
from minutes.permissions import may_read_full, may_read_public, may_write, signing_role
from minutes.signing.keystore import signer_for_user
from minutes.signing.signer import Signer, SigningError, signer_from_pkcs12
from minutes.signing.verify import describe, inspect_pdf, role_label, verdict
from minutes.verification import find_published


def signature_table(version: Version | None) -> list[dict]:
    """Per file, the recorder's and the chair's signature, or None where it is still missing."""
    if version is None:
        return []
    given = {(s.document, s.role): s for s in version.signatures.all()}
    return [
        {
            "document": label,
            "recorder": given.get((document, rules.RECORDER)),
            "chair": given.get((document, rules.CHAIR)),
        }
        for document, label in (
            (rules.FULL, _("Full minutes")),
            (rules.PUBLIC, _("Public minutes")),
        )
    ]


def next_role(version: Version | None) -> str | None:
    """Who signs next: the recorder, then the chair; None when nobody can (yet or any more)."""
    if version is None or version.state != Version.State.FINAL:
        return None
    pending = rules.next_signatures(services.signed_pairs(version))
    return pending[0][1] if pending else None


@sensitive_variables("form")
def signer_from_form(user, form: SignForm) -> Signer:
    if form.cleaned_data["key_source"] == OWN_KEY:
        return signer_from_pkcs12(form.key_file_content(), form.cleaned_data["passphrase"])
    return signer_for_user(user)


@login_required
@sensitive_post_parameters("passphrase")
@sensitive_variables("form")
def minutes_sign(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    minutes = (
        Minutes.objects.select_related("chair", "recorder__person").filter(meeting=meeting).first()
    )
    role = signing_role(request.user, minutes) if minutes else None
    if minutes is None or not (role or may_write(request.user, meeting)):
        raise Http404
    version = services.current_version(minutes)
    form = SignForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.ensure_may_sign(request.user, minutes, version)
            services.sign_version(
                by=request.user, minutes=minutes, signer=signer_from_form(request.user, form)
            )
        except (MinutesError, SigningError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("You have signed the full and the public minutes as %(role)s.")
                % {"role": role_label(role)},
            )
            return redirect("minutes-sign", pk=meeting.pk)
    turn = next_role(version)
    return render(
        request,
        "minutes/minutes_sign.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "version": version,
            "table": signature_table(version),
            "role": role,
            "role_label": role_label(role) if role else "",
            "next_role": role_label(turn) if turn else "",
            "your_turn": role is not None and role == turn,
            "writes": may_write(request.user, meeting),
            "form": form,
        },
    )


def identification(user, content: bytes) -> dict | None:
    """Which published minutes the upload is, told only as far as the user may know: a
    non-public file is named to outsiders only by its (public) meeting."""
    match = find_published(content)
    if match is None:
        return None
    meeting = match.version.minutes.meeting
    if not may_read_public(user, meeting):
        return {"exact": match.exact, "meeting": None}
    discloses = match.document == rules.PUBLIC or may_read_full(user, meeting)
    return {
        "exact": match.exact,
        "meeting": meeting,
        "version": match.version if discloses else None,
        "document": match.document if discloses else None,
        "superseded": match.superseded if discloses else False,
    }


def minutes_verify(request):
    form = VerifyForm(posted(request), request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"]
        report = inspect_pdf(content)
        result = {
            "match": identification(request.user, content),
            "verdict": verdict(report),
            "ok": report.ok,
            "signatures": [
                {
                    "report": signature,
                    "role": signature.role_label,
                    "sentences": describe(signature),
                }
                for signature in report.signatures
            ],
        }
    return render(request, "minutes/verify.html", {"form": form, "result": result})
