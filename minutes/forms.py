"""Forms of the minutes pages. Each validates input only; the services apply the rules."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.forms import KernFormMixin
from council.models import Person
from council.permissions import secretariat_members
from meetings.models import MARKABLE_STATES, PRESENT_STATES, Attendance
from minutes.models import Minutes
from voting.models import Ballot

REASON_HELP = _("Why the record of the session was wrong; the minutes list it with the correction.")


def secretariat_users():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(secretariat_members() | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        person = getattr(user, "person", None)
        return person.full_name if person else (user.get_full_name() or user.get_username())


class MinutesForm(KernFormMixin, forms.Form):
    """Recorder, chair, free sections and, per agenda item, the discussion and statements."""

    recorder = UserChoiceField(label=_("Recorder"), queryset=get_user_model().objects.none())
    chair = forms.ModelChoiceField(label=_("Chair"), queryset=Person.objects.none())
    opening = forms.CharField(
        label=_("Opening remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    closing = forms.CharField(
        label=_("Closing remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, minutes: Minutes, items, chairs, **kwargs):
        self.items = list(items)
        notes = {note.item_id: note for note in minutes.notes.all()}
        initial = {
            "recorder": minutes.recorder_id,
            "chair": minutes.chair_id,
            "opening": minutes.opening,
            "closing": minutes.closing,
        }
        for item in self.items:
            note = notes.get(item.pk)
            initial[f"discussion_{item.pk}"] = note.discussion if note else ""
            initial[f"statements_{item.pk}"] = note.statements if note else ""
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["recorder"].queryset = secretariat_users()
        self.fields["chair"].queryset = chairs
        for item in self.items:
            self.fields[f"discussion_{item.pk}"] = forms.CharField(
                label=_("Discussion"), required=False, widget=forms.Textarea(attrs={"rows": 4})
            )
            self.fields[f"statements_{item.pk}"] = forms.CharField(
                label=_("Statements for the record"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            # The mixin styled the fields that existed before; these need KERN's class too.
            for name in (f"discussion_{item.pk}", f"statements_{item.pk}"):
                self.fields[name].widget.attrs["class"] = "kern-form-input__input"

    def sections(self, facts: dict[int, dict]):
        """Each item with its two fields and its facts from the record (`facts` by item id)."""
        return [
            {
                "item": item,
                "facts": facts.get(item.pk),
                "discussion": self[f"discussion_{item.pk}"],
                "statements": self[f"statements_{item.pk}"],
            }
            for item in self.items
        ]

    def notes(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (
                self.cleaned_data[f"discussion_{item.pk}"],
                self.cleaned_data[f"statements_{item.pk}"],
            )
            for item in self.items
        }


class FinalizeForm(KernFormMixin, forms.Form):
    changes = forms.CharField(
        label=_("What changed compared with the previous version"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required from the second version on; it is printed in the minutes."),
    )


def on_meeting_day(minutes: Minutes, time: datetime.time) -> datetime.datetime:
    """A time of day on the day of the meeting, in the town's time zone."""
    day = timezone.localdate(minutes.meeting.start)
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_current_timezone())


class AttendanceCorrectionForm(KernFormMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Member"), queryset=Person.objects.none())
    state = forms.ChoiceField(
        label=_("Correct attendance"),
        choices=[(state, Attendance.State(state).label) for state in MARKABLE_STATES],
    )
    arrived = forms.TimeField(
        label=_("Arrived"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Only when present."),
    )
    left = forms.TimeField(
        label=_("Left"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text=_("Only when present."),
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people

    def clean(self):
        data = super().clean()
        if data.get("state") in PRESENT_STATES:
            arrived, left = data.get("arrived"), data.get("left")
            if arrived is None or left is None:
                raise forms.ValidationError(_("Give the arrival and departure times."))
            if left < arrived:
                self.add_error("left", _("The departure must come after the arrival."))
        return data


class BallotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, ballot):
        return f"{ballot.item.number}: {ballot.question[:80]} ({ballot.result_text})"


class BallotCorrectionForm(KernFormMixin, forms.Form):
    ballot = BallotChoiceField(
        label=_("Ballot"),
        queryset=Ballot.objects.none(),
        help_text=_(
            "Named votes are not listed: their counts follow from each member's recorded choice."
        ),
    )
    yes = forms.IntegerField(label=_("Yes"), min_value=0)
    no = forms.IntegerField(label=_("No"), min_value=0)
    abstain = forms.IntegerField(label=_("Abstentions"), min_value=0)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )

    def __init__(self, *args, ballots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ballot"].queryset = ballots


class SessionTimesCorrectionForm(KernFormMixin, forms.Form):
    started = forms.TimeField(
        label=_("Start of the session"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    closed = forms.TimeField(
        label=_("End of the session"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), help_text=REASON_HELP
    )

    def clean(self):
        data = super().clean()
        started, closed = data.get("started"), data.get("closed")
        if started and closed and closed <= started:
            self.add_error("closed", _("The end must come after the start."))
        return data


STORED_KEY, OWN_KEY = "stored", "own"
# A PKCS#12 file holds a key and a few certificates: a few kilobytes.
KEY_FILE_MAX_BYTES = 64 * 1024


class SignForm(KernFormMixin, forms.Form):
    """Sign with the key the town keeps for the signer, or with their own PKCS#12 file and its
    passphrase: both are used once for this signature, never stored, never shown again."""

    key_source = forms.ChoiceField(
        label=_("Signing key"),
        choices=[
            (STORED_KEY, _("My signing key kept by the town")),
            (OWN_KEY, _("My own key file (PKCS#12: .p12 or .pfx)")),
        ],
        initial=STORED_KEY,
        widget=forms.RadioSelect,
    )
    key_file = forms.FileField(
        label=_("Key file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".p12,.pfx,application/x-pkcs12"}),
        help_text=_("Only with your own key file. It is used for this signature and not stored."),
    )
    passphrase = forms.CharField(
        label=_("Passphrase of the key file"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("key_source") != OWN_KEY:
            return data
        key_file = data.get("key_file")
        if not key_file:
            self.add_error("key_file", _("Choose your key file."))
        elif key_file.size > KEY_FILE_MAX_BYTES:
            self.add_error("key_file", _("This is too large for a key file."))
        if not data.get("passphrase"):
            self.add_error("passphrase", _("Enter the passphrase of your key file."))
        return data

    def key_file_content(self) -> bytes:
        return self.cleaned_data["key_file"].read()


# The minutes are some hundred kilobytes; an upload is only read, never kept.
VERIFY_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


class VerifyForm(KernFormMixin, forms.Form):
    """A PDF to check against the published minutes and its signatures."""

    file = forms.FileField(
        label=_("PDF file"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("The file is checked and then forgotten: it is not stored."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > VERIFY_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s; minutes are much smaller.")
                % {"limit": filesizeformat(VERIFY_MAX_BYTES)}
            )
        content = upload.read()
        # Sniffed, not taken from the name or the browser's type: PDF readers accept the header
        # within the first kilobyte.
        if PDF_MAGIC not in content[:1024]:
            raise forms.ValidationError(
                _("This file is not a PDF document. Choose the PDF file of the minutes.")
            )
        return content
