"""The minutes pages: the secretariat's edit and correction pages, downloads, the public archive.

Anything a user may not see is a 404, so that the answer does not reveal that it exists.
"""

import io

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.pages.middleware import public_page
from council.access import secretariat_required
from council.models import Person
from meetings.models import PRESENT_STATES, Meeting
from meetings.session.state import seats
from meetings.views.access import posted
from minutes import rules, services
from minutes.errors import MinutesError
from minutes.forms import (
    AttendanceCorrectionForm,
    BallotCorrectionForm,
    FinalizeForm,
    MinutesForm,
    SessionTimesCorrectionForm,
    on_meeting_day,
)
from minutes.models import Minutes, Version
from minutes.pdf import describe
from minutes.pdf import render as render_pdf
from minutes.permissions import may_read_full, may_read_public, may_write
from minutes.queries import published_versions
from minutes.record import minutes_record
from voting.models import Ballot

PUBLISHED_STATES = [Version.State.PUBLISHED, Version.State.SUPERSEDED]


def minutes_of(request, pk) -> Minutes:
    """The minutes of a closed meeting for the secretariat, opened as a draft on first visit."""
    meeting = get_object_or_404(Meeting.objects.select_related("body", "location"), pk=pk)
    if not may_write(request.user, meeting):
        raise Http404
    try:
        return services.open_minutes(meeting=meeting)
    except MinutesError:
        raise Http404 from None


@secretariat_required
def minutes_edit(request, pk):
    minutes = minutes_of(request, pk)
    meeting = minutes.meeting
    items = meeting.agenda_items.order_by("order")
    form = MinutesForm(
        posted(request),
        minutes=minutes,
        items=items,
        chairs=services.chair_candidates(meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_minutes(
                by=request.user,
                minutes=minutes,
                recorder=form.cleaned_data["recorder"],
                chair=form.cleaned_data["chair"],
                opening=form.cleaned_data["opening"],
                closing=form.cleaned_data["closing"],
                notes=form.notes(),
            )
        except MinutesError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The minutes have been saved."))
            return redirect("minutes-edit", pk=meeting.pk)
    versions = minutes.versions.prefetch_related("signatures")
    record = minutes_record(minutes)
    facts = {item["id"]: item for item in record["items"]}
    return render(
        request,
        "minutes/minutes_edit.html",
        {
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "sections": form.sections(facts),
            "editable": minutes.state == Minutes.State.DRAFT,
            "finalize_form": FinalizeForm(),
            "needs_changes": versions.exists(),
            # As the minutes will print them (in German, the language of the minutes).
            "corrections": [
                {**correction, "text": describe(correction, record)}
                for correction in record["corrections"]
            ],
            "versions": versions,
        },
    )


def correction_forms(minutes: Minutes, data=None, kind=None) -> dict:
    """The three correction forms; only the one submitted (`kind`) is bound."""
    meeting = minutes.meeting
    people = Person.objects.filter(pk__in=seats(meeting).values("person_id"))
    correctable = [kind for kind in Ballot.Kind.values if rules.may_correct_counts(kind)]
    ballots = (
        Ballot.objects.filter(meeting=meeting, state=Ballot.State.CLOSED, kind__in=correctable)
        .select_related("item")
        .order_by("item__order", "pk")
    )
    return {
        "attendance": AttendanceCorrectionForm(
            data if kind == "attendance" else None, people=people, prefix="attendance"
        ),
        "ballot": BallotCorrectionForm(
            data if kind == "ballot" else None, ballots=ballots, prefix="ballot"
        ),
        "session": SessionTimesCorrectionForm(
            data if kind == "session" else None, prefix="session"
        ),
    }


def apply_correction(request, minutes: Minutes, kind: str, form) -> None:
    data = form.cleaned_data
    if kind == "attendance":
        present = data["state"] in PRESENT_STATES
        services.correct_attendance(
            by=request.user,
            minutes=minutes,
            person=data["person"],
            state=data["state"],
            arrived=on_meeting_day(minutes, data["arrived"]) if present else None,
            left=on_meeting_day(minutes, data["left"]) if present else None,
            reason=data["reason"],
        )
    elif kind == "ballot":
        services.correct_ballot(
            by=request.user,
            minutes=minutes,
            ballot=data["ballot"],
            yes=data["yes"],
            no=data["no"],
            abstain=data["abstain"],
            reason=data["reason"],
        )
    else:
        services.correct_session_times(
            by=request.user,
            minutes=minutes,
            started=on_meeting_day(minutes, data["started"]),
            closed=on_meeting_day(minutes, data["closed"]),
            reason=data["reason"],
        )


@secretariat_required
def minutes_correct(request, pk):
    minutes = minutes_of(request, pk)
    kind = request.POST.get("kind") if request.method == "POST" else None
    forms = correction_forms(minutes, posted(request), kind)
    form = forms.get(kind)
    if form is not None and form.is_valid():
        try:
            apply_correction(request, minutes, kind, form)
        except MinutesError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The correction has been recorded."))
            return redirect("minutes-edit", pk=minutes.meeting_id)
    return render(
        request,
        "minutes/minutes_correct.html",
        {
            "meeting": minutes.meeting,
            "minutes": minutes,
            "editable": minutes.state == Minutes.State.DRAFT,
            "forms": forms,
        },
    )


def state_change(service, success_message):
    """A POST-only secretariat action on the minutes: run the service, say how it went."""

    @secretariat_required
    @require_POST
    def view(request, pk):
        minutes = minutes_of(request, pk)
        try:
            service(request, minutes)
        except MinutesError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success_message())
        return redirect("minutes-edit", pk=minutes.meeting_id)

    return view


def finalize(request, minutes):
    services.finalize(by=request.user, minutes=minutes, changes=request.POST.get("changes", ""))


minutes_finalize = state_change(
    finalize, lambda: _("The minutes are final: the PDF files are ready to be signed.")
)
minutes_reopen = state_change(
    lambda request, minutes: services.reopen(by=request.user, minutes=minutes),
    lambda: _("The minutes are a draft again."),
)
minutes_publish = state_change(
    lambda request, minutes: services.publish(by=request.user, minutes=minutes),
    lambda: _("The minutes have been published."),
)


@secretariat_required
def minutes_preview(request, pk):
    """The full minutes as they stand now, rendered on the fly: for proof-reading the draft."""
    minutes = minutes_of(request, pk)
    rendered = render_pdf(minutes_record(minutes), version=minutes.versions.count() + 1)
    return pdf_response(io.BytesIO(rendered.pdf), f"niederschrift-{minutes.meeting_id}-entwurf.pdf")


def pdf_response(handle, filename: str) -> FileResponse:
    return FileResponse(
        handle, content_type="application/pdf", filename=filename, as_attachment=False
    )


def served_file(version: Version, document: str):
    """The signed file once there is one, else the file as rendered."""
    if document == "full":
        return version.signed_full_pdf or version.full_pdf
    return version.signed_public_pdf or version.public_pdf


def version_for(request, pk) -> Version:
    return get_object_or_404(
        Version.objects.select_related("minutes__meeting__body"),
        pk=pk,
        state__in=[*PUBLISHED_STATES, Version.State.FINAL, Version.State.SIGNED],
    )


def full_pdf(request, pk):
    """The full minutes: members and staff of the body, once published; staff at any time."""
    return version_pdf(request, pk, "full", may_read_full, suffix="")


def public_pdf(request, pk):
    """The public minutes: everyone, once published; staff at any time."""
    return version_pdf(request, pk, "public", may_read_public, suffix="-oeffentlich")


def version_pdf(request, pk, document: str, may_read, *, suffix: str):
    version = version_for(request, pk)
    meeting = version.minutes.meeting
    published = version.state in PUBLISHED_STATES
    if not (may_write(request.user, meeting) or (published and may_read(request.user, meeting))):
        raise Http404
    name = f"niederschrift-{meeting.pk}-v{version.number}{suffix}.pdf"
    return pdf_response(served_file(version, document).open("rb"), name)


@public_page
def archive(request):
    """The public archive: every published version's public minutes, by body and date."""
    versions = published_versions().order_by(
        "minutes__meeting__body__position",
        "minutes__meeting__body__name",
        "-minutes__meeting__start",
    )
    return render(request, "minutes/archive.html", {"versions": versions})
