"""Papers: public pages with their consultation path; creation and editing by the secretariat."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from config.pages.middleware import public_page
from council.access import secretariat_required
from meetings.errors import MeetingError
from meetings.forms import DocumentForm, PaperForm
from meetings.models import Paper
from meetings.permissions import may_see_item, may_see_paper
from meetings.queries import papers_for
from meetings.services import documents, papers
from meetings.views.access import posted


@public_page
def paper_list(request):
    return render(request, "meetings/paper_list.html", {"papers": papers_for(request.user)})


@public_page
def paper_detail(request, pk):
    paper = get_object_or_404(Paper.objects.select_related("originator_faction"), pk=pk)
    if not may_see_paper(request.user, paper):
        raise Http404
    consultations = paper.consultations.select_related("body", "agenda_item__meeting__body")
    steps = [
        {
            "consultation": consultation,
            "item": consultation.agenda_item
            if consultation.agenda_item and may_see_item(request.user, consultation.agenda_item)
            else None,
        }
        for consultation in consultations
    ]
    return render(
        request,
        "meetings/paper_detail.html",
        {"paper": paper, "steps": steps, "documents": paper.documents.all()},
    )


@secretariat_required
def paper_create(request):
    form = PaperForm(posted(request))
    if form.is_valid():
        data = dict(form.cleaned_data)
        paper = papers.create_paper(
            by=request.user,
            kind=data.pop("kind"),
            title=data.pop("title"),
            path=list(data.pop("path")),
            **data,
        )
        messages.success(
            request, _("Paper %(reference)s has been created.") % {"reference": paper.reference}
        )
        return redirect("paper-edit", pk=paper.pk)
    return render(request, "meetings/paper_form.html", {"form": form})


@secretariat_required
def paper_edit(request, pk):
    paper = get_object_or_404(Paper, pk=pk)
    action = request.POST.get("action")
    # A model form writes into its instance while validating: give it a copy, so that the service
    # still compares the new values with the stored paper.
    paper_from_db = get_object_or_404(Paper, pk=pk)
    form = PaperForm(request.POST if action == "edit" else None, instance=paper_from_db)
    del form.fields["path"]
    document_form = DocumentForm(
        request.POST if action == "document" else None,
        request.FILES if action == "document" else None,
    )
    try:
        if action == "edit" and form.is_valid():
            papers.update_paper(by=request.user, paper=paper, **form.cleaned_data)
            messages.success(request, _("The paper has been saved."))
            return redirect("paper-detail", pk=paper.pk)
        if action == "document" and document_form.is_valid():
            documents.add_document(
                by=request.user,
                paper=paper,
                upload=document_form.cleaned_data["file"],
                title=document_form.cleaned_data["title"],
            )
            messages.success(request, _("The document has been added."))
            return redirect("paper-edit", pk=paper.pk)
    except MeetingError as error:
        (form if action == "edit" else document_form).add_error(None, str(error))
    return render(
        request,
        "meetings/paper_form.html",
        {"form": form, "paper": paper, "document_form": document_form},
    )
