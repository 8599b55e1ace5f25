"""The audit page (Änderungsprotokoll): who changed what in meetings, agendas and papers."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from council.access import secretariat_required
from council.audit import label_of
from council.forms import KernFormMixin
from council.models import AuditEntry

PER_PAGE = 50


class AuditFilterForm(KernFormMixin, forms.Form):
    """Filter by meeting and by who made the change; the choices come from the log itself."""

    meeting = forms.TypedChoiceField(
        label=_("Meeting"), required=False, coerce=int, empty_value=None
    )
    actor = forms.TypedChoiceField(
        label=_("Changed by"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = (
            AuditEntry.objects.filter(target_type="meeting")
            .order_by("-target_id")
            .values_list("target_id", "target_label")
            .distinct()
        )
        actors = (
            AuditEntry.objects.filter(actor__isnull=False)
            .order_by("actor_name")
            .values_list("actor_id", "actor_name")
            .distinct()
        )
        self.fields["meeting"].choices = [("", _("All meetings")), *dict(meetings).items()]
        self.fields["actor"].choices = [("", _("Everyone")), *dict(actors).items()]

    def entries(self):
        entries = AuditEntry.objects.all()
        if not self.is_valid():
            return entries.none()
        if self.cleaned_data["meeting"] is not None:
            entries = entries.filter(target_type="meeting", target_id=self.cleaned_data["meeting"])
        if self.cleaned_data["actor"] is not None:
            entries = entries.filter(actor_id=self.cleaned_data["actor"])
        return entries


def detail_text(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(part) for part in value)
    return str(value)


@secretariat_required
def audit_log(request):
    form = AuditFilterForm(request.GET)
    page = Paginator(form.entries(), PER_PAGE).get_page(request.GET.get("page"))
    for entry in page:
        entry.action_label = label_of(entry.action)
        entry.detail_lines = [detail_text(value) for value in entry.details.values() if value]
    query = request.GET.copy()
    query.pop("page", None)
    meeting = form.cleaned_data.get("meeting") if form.is_valid() else None
    return render(
        request,
        "council/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode(), "meeting": meeting},
    )
