"""Forms of the meetings pages. Each validates input only; the services apply the rules."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from council.forms import KernFormMixin
from council.models import Body
from meetings.models import Paper


class MeetingFilterForm(KernFormMixin, forms.Form):
    body = forms.ModelChoiceField(
        label=_("Body"), queryset=Body.objects.all(), required=False, empty_label=_("All bodies")
    )
    month = forms.DateField(
        label=_("Month"),
        required=False,
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        error_messages={"invalid": _("Enter the month as YYYY-MM, e.g. 2026-12.")},
    )


# Meetings are planned within these years: a date at the edge of what Python's calendar holds
# (year 1, year 9999) would break the time zone conversions and the calendar files.
FIRST_YEAR, LAST_YEAR = 2000, 2199


class MeetingForm(KernFormMixin, forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.all())
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    end_time = forms.TimeField(
        label=_("Planned end"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    room = forms.CharField(label=_("Room"), max_length=200)
    street_address = forms.CharField(label=_("Street address"), max_length=200)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    locality = forms.CharField(label=_("Locality"), max_length=100)
    is_hybrid = forms.BooleanField(
        label=_("Hybrid meeting (members may join by video)"), required=False, initial=True
    )
    public_notes = forms.CharField(
        label=_("Notes for the public"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Enter a date between %(first)d and %(last)d.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return day

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The planned end must be after the start."))
        return data

    def times(self, tz) -> tuple[datetime.datetime, datetime.datetime]:
        day = self.cleaned_data["date"]
        return (
            datetime.datetime.combine(day, self.cleaned_data["start_time"], tzinfo=tz),
            datetime.datetime.combine(day, self.cleaned_data["end_time"], tzinfo=tz),
        )


class AgendaItemForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    is_public = forms.TypedChoiceField(
        label=_("Part"),
        choices=[("1", _("Public part")), ("0", _("Non-public part"))],
        coerce=lambda value: value == "1",
        initial="1",
    )
    parent = forms.ModelChoiceField(
        label=_("Sub-item of"), queryset=None, required=False, empty_label=_("– main item –")
    )
    paper = forms.ModelChoiceField(
        label=_("Paper"), queryset=Paper.objects.all(), required=False, empty_label=_("– none –")
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = meeting.agenda_items.filter(parent__isnull=True)
        self.fields["parent"].label_from_instance = lambda item: f"{item.number} {item.title}"


class AgendaItemEditForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class DocumentForm(KernFormMixin, forms.Form):
    title = forms.CharField(label=_("Document title"), max_length=300)
    file = forms.FileField(
        label=_("PDF file"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )


class InvitationForm(KernFormMixin, forms.Form):
    urgent = forms.BooleanField(label=_("Urgent: notice period shortened"), required=False)
    urgent_reason = forms.CharField(
        label=_("Reason for urgency"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(KernFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling"), widget=forms.Textarea(attrs={"rows": 3})
    )


class PaperForm(KernFormMixin, forms.ModelForm):
    path = forms.ModelMultipleChoiceField(
        label=_("Consultation path"),
        queryset=Body.objects.all(),
        required=False,
        help_text=_("The bodies in the order of consultation; the last one decides."),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Paper
        fields = [
            "kind",
            "title",
            "resolution_text",
            "originator_department",
            "originator_faction",
            "is_public",
        ]


def titles(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class StandardItemsForm(KernFormMixin, forms.Form):
    public = forms.CharField(
        label=_("Public part"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One item per line, in order."),
    )
    non_public = forms.CharField(
        label=_("Non-public part"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One item per line, in order."),
    )

    def clean(self):
        data = super().clean()
        for name in ("public", "non_public"):
            too_long = [title for title in titles(data.get(name, "")) if len(title) > 300]
            if too_long:
                self.add_error(name, _("An item title may have at most 300 characters."))
        return data

    def items(self) -> dict[str, list[str]]:
        return {name: titles(self.cleaned_data[name]) for name in ("public", "non_public")}
