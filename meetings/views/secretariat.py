"""The secretariat's pages: plan meetings, edit agendas, upload documents, invite and cancel."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from council.access import secretariat_required
from council.models import Body
from meetings import mail
from meetings.errors import MeetingError
from meetings.forms import (
    AgendaItemEditForm,
    AgendaItemForm,
    CancelForm,
    DocumentForm,
    InvitationForm,
    MeetingForm,
    StandardItemsForm,
)
from meetings.models import AgendaItem, Dispatch, Meeting
from meetings.services import agenda, documents, invitations
from meetings.services.changes import pending_changes
from meetings.views.access import posted


def meeting_form_values(form: MeetingForm) -> dict:
    start, planned_end = form.times(timezone.get_current_timezone())
    data = form.cleaned_data
    return {
        "start": start,
        "planned_end": planned_end,
        "location": agenda.location_for(
            room=data["room"],
            street_address=data["street_address"],
            postal_code=data["postal_code"],
            locality=data["locality"],
        ),
        "is_hybrid": data["is_hybrid"],
        "public_notes": data["public_notes"],
    }


def meeting_initial(meeting: Meeting) -> dict:
    start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.planned_end)
    location = meeting.location
    return {
        "body": meeting.body,
        "date": start.date(),
        "start_time": start.time(),
        "end_time": end.time(),
        "room": location.room,
        "street_address": location.street_address,
        "postal_code": location.postal_code,
        "locality": location.locality,
        "is_hybrid": meeting.is_hybrid,
        "public_notes": meeting.public_notes,
    }


@secretariat_required
def meeting_create(request):
    form = MeetingForm(posted(request))
    if form.is_valid():
        meeting = agenda.create_meeting(
            by=request.user, body=form.cleaned_data["body"], **meeting_form_values(form)
        )
        messages.success(request, _("The meeting has been created as a draft."))
        return redirect("agenda-edit", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form})


@secretariat_required
def meeting_edit(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MeetingForm(posted(request), initial=meeting_initial(meeting))
    form.fields["body"].disabled = True
    if form.is_valid():
        try:
            agenda.update_meeting(by=request.user, meeting=meeting, **meeting_form_values(form))
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect("agenda-edit", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@secretariat_required
def agenda_edit(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body", "location"), pk=pk)
    form = AgendaItemForm(posted(request), meeting=meeting)
    if form.is_valid():
        try:
            item = agenda.add_item(by=request.user, meeting=meeting, **form.cleaned_data)
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Item %(number)s has been added.") % {"number": item.number}
            )
            return redirect("agenda-edit", pk=meeting.pk)
    items = list(
        meeting.agenda_items.select_related("consultation__paper").prefetch_related("documents")
    )
    return render(
        request,
        "meetings/agenda_edit.html",
        {
            "meeting": meeting,
            "items": with_move_directions(items),
            "form": form,
            "pending_changes": pending_changes(meeting),
            "editable": meeting.state in agenda.EDITABLE_STATES,
        },
    )


def with_move_directions(items: list[AgendaItem]) -> list[AgendaItem]:
    """Mark which items can move up or down within their part and parent, for the buttons."""
    siblings: dict[tuple, list[AgendaItem]] = {}
    for item in items:
        siblings.setdefault((item.parent_id, item.is_public), []).append(item)
    for group in siblings.values():
        for index, item in enumerate(group):
            item.can_move_up, item.can_move_down = index > 0, index < len(group) - 1
    return items


def item_of(meeting_pk, item_pk) -> AgendaItem:
    return get_object_or_404(
        AgendaItem.objects.select_related("meeting__body"), pk=item_pk, meeting_id=meeting_pk
    )


@secretariat_required
def agenda_item_edit(request, pk, item):
    item = item_of(pk, item)
    action = request.POST.get("action")
    edit_form = AgendaItemEditForm(
        request.POST if action == "edit" else None, initial={"title": item.title, "text": item.text}
    )
    document_form = DocumentForm(
        request.POST if action == "document" else None,
        request.FILES if action == "document" else None,
    )
    try:
        if action == "edit" and edit_form.is_valid():
            agenda.update_item(by=request.user, item=item, **edit_form.cleaned_data)
            messages.success(request, _("The item has been saved."))
            return redirect("agenda-edit", pk=pk)
        if action == "document" and document_form.is_valid():
            documents.add_document(
                by=request.user,
                agenda_item=item,
                upload=document_form.cleaned_data["file"],
                title=document_form.cleaned_data["title"],
            )
            messages.success(request, _("The document has been added."))
            return redirect("agenda-item-edit", pk=pk, item=item.pk)
    except MeetingError as error:
        (edit_form if action == "edit" else document_form).add_error(None, str(error))
    return render(
        request,
        "meetings/agenda_item_edit.html",
        {
            "item": item,
            "meeting": item.meeting,
            "edit_form": edit_form,
            "document_form": document_form,
        },
    )


@require_POST
@secretariat_required
def agenda_item_move(request, pk, item):
    item = item_of(pk, item)
    try:
        moved = agenda.move_item(
            by=request.user, item=item, up=request.POST.get("direction") == "up"
        )
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("“%(title)s” is now %(number)s.") % {"title": moved.title, "number": moved.number},
        )
    # Back to the moved item, so that keyboard users keep their place in the list.
    return redirect(reverse("agenda-edit", args=[pk]) + f"#item-{item.pk}")


@require_POST
@secretariat_required
def agenda_item_delete(request, pk, item):
    item = item_of(pk, item)
    try:
        agenda.remove_item(by=request.user, item=item)
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The item has been removed."))
    return redirect("agenda-edit", pk=pk)


@secretariat_required
def meeting_invite(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = InvitationForm(posted(request))
    if form.is_valid():
        reason = form.cleaned_data["urgent_reason"] if form.cleaned_data["urgent"] else ""
        try:
            dispatch = invitations.send_invitation(
                by=request.user, meeting=meeting, urgent_reason=reason
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The invitation has been sent to %(count)d members.")
                % {"count": dispatch.recipients},
            )
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_invite.html", {"meeting": meeting, "form": form})


@require_POST
@secretariat_required
def meeting_send_update(request, pk):
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        dispatch = invitations.send_update(by=request.user, meeting=meeting)
    except MeetingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The update has been sent to %(count)d members.") % {"count": dispatch.recipients},
        )
    return redirect("agenda-edit", pk=pk)


@secretariat_required
def meeting_cancel(request, pk):
    meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=pk)
    form = CancelForm(posted(request))
    if form.is_valid():
        try:
            invitations.cancel_meeting(
                by=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
            )
        except MeetingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The meeting has been cancelled."))
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "meetings/meeting_cancel.html", {"meeting": meeting, "form": form})


@secretariat_required
def standard_items_edit(request, pk):
    body = get_object_or_404(Body, pk=pk)
    current = body.standard_items.all()
    form = StandardItemsForm(
        posted(request),
        initial={
            "public": "\n".join(item.title for item in current if item.is_public),
            "non_public": "\n".join(item.title for item in current if not item.is_public),
        },
    )
    if form.is_valid():
        agenda.set_standard_items(by=request.user, body=body, **form.items())
        messages.success(
            request, _("The standard items of %(body)s have been saved.") % {"body": body}
        )
        return redirect("meeting-list")
    return render(request, "meetings/standard_items.html", {"body": body, "form": form})


@require_POST
@secretariat_required
def dispatch_resend(request, pk, dispatch):
    """Send the mails of a dispatch again after the mail server refused them."""
    sent = get_object_or_404(Dispatch, pk=dispatch, meeting_id=pk)
    mail.send_dispatch(sent.pk)
    sent.refresh_from_db()
    if sent.mail_error:
        messages.error(
            request, _("The mails could not be sent: %(error)s") % {"error": sent.mail_error}
        )
    else:
        messages.success(request, _("The mails have been sent."))
    return redirect("meeting-detail", pk=pk)
