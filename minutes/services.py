"""State changes of the minutes (see STYLE.md): open the draft, edit, correct, finalize, sign,
publish, reopen. Each locks the minutes row (`select_for_update`) and runs in one transaction.

The draft is opened lazily, the first time someone works on the minutes of a closed meeting,
so that the meetings app needs to know nothing of the minutes.
"""

import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Membership, Person
from council.permissions import is_secretariat
from meetings.audit import record_for_meeting
from meetings.models import MARKABLE_STATES, PRESENT_STATES, Meeting
from meetings.session.state import seats
from minutes import rules
from minutes.errors import MinutesError
from minutes.models import Correction, ItemNote, Minutes, Signature, Version
from minutes.pdf import SignatureSlot, render
from minutes.permissions import signing_role
from minutes.record import find, iso, minutes_record, public_record, session_record
from minutes.signing.sign import sign_pdf
from minutes.signing.signer import Signer, SigningError
from voting.models import Ballot


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def locked(minutes: Minutes) -> Minutes:
    return (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("meeting__body", "meeting__location", "chair", "recorder")
        .get(pk=minutes.pk)
    )


def ensure_editable(minutes: Minutes) -> None:
    if not rules.is_editable(minutes.state):
        raise MinutesError(
            _("The minutes are “%(state)s” and can no longer be edited.")
            % {"state": minutes.get_state_display()}
        )


def ensure_transition(minutes: Minutes, target: str) -> None:
    if not rules.may_transition(minutes.state, target):
        raise MinutesError(
            _("The minutes cannot go from “%(state)s” to “%(target)s”.")
            % {"state": minutes.get_state_display(), "target": Minutes.State(target).label}
        )


@transaction.atomic
def open_minutes(*, meeting: Meeting) -> Minutes:
    """The minutes of a closed meeting, created as a draft on first use with the body's chair
    on the day of the meeting."""
    if meeting.state != Meeting.State.CLOSED:
        raise MinutesError(_("Minutes are written once the meeting is closed."))
    existing = Minutes.objects.filter(meeting=meeting).first()
    if existing is not None:
        return existing
    chair = seats(meeting).filter(role=Membership.Role.CHAIR).first()
    minutes, _created = Minutes.objects.get_or_create(
        meeting=meeting, defaults={"chair": chair.person if chair else None}
    )
    return minutes


def start_draft(sender, *, meeting: Meeting, **kwargs) -> None:
    """When a meeting closes, its minutes begin as a draft (`meeting_closed`); the draft reads
    the session's facts from the database and the event log until it is finalized."""
    open_minutes(meeting=meeting)


def chair_candidates(meeting: Meeting):
    """Who may sign as chair: the chair and deputy chairs of the body on the day."""
    roles = [Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR]
    people = seats(meeting).filter(role__in=roles).values_list("person_id", flat=True)
    return Person.objects.filter(pk__in=people)


@transaction.atomic
def update_minutes(
    *,
    by,
    minutes: Minutes,
    recorder=None,
    chair: Person | None = None,
    opening: str = "",
    closing: str = "",
    notes: dict[int, tuple[str, str]] | None = None,
) -> Minutes:
    """Save the recorder, chair, free sections and the notes per item ({item id: (discussion,
    statements)}) of a draft. The audit log names the fields that changed, not their text."""
    minutes = locked(minutes)
    ensure_editable(minutes)
    if recorder is not None and not is_secretariat(recorder):
        raise MinutesError(_("The recorder must be a member of the secretariat."))
    if chair is not None and not chair_candidates(minutes.meeting).filter(pk=chair.pk).exists():
        raise MinutesError(_("%(name)s did not chair this body.") % {"name": chair})
    numbers = dict(minutes.meeting.agenda_items.values_list("pk", "number"))
    if not set(notes or {}) <= set(numbers):
        raise MinutesError(_("There is no such item in this meeting."))
    before = draft_fields(minutes, numbers)
    for item_id, (discussion, statements) in (notes or {}).items():
        ItemNote.objects.update_or_create(
            minutes=minutes,
            item_id=item_id,
            defaults={"discussion": discussion.strip(), "statements": statements.strip()},
        )
    minutes.recorder, minutes.chair = recorder, chair
    minutes.opening, minutes.closing = opening.strip(), closing.strip()
    minutes.save()
    changed = rules.changed_fields(before, draft_fields(minutes, numbers))
    if changed:
        record_for_meeting("minutes.edited", by=by, meeting=minutes.meeting, fields=changed)
    return minutes


def draft_fields(minutes: Minutes, numbers: dict[int, str]) -> dict[str, object]:
    """What the secretariat writes in a draft, by field name; the notes of the items (`numbers`
    by item id) as "discussion <number>" and "statements <number>"."""
    fields = {
        "recorder": minutes.recorder_id,
        "chair": minutes.chair_id,
        "opening": minutes.opening,
        "closing": minutes.closing,
    }
    notes = {note.item_id: note for note in minutes.notes.all()}
    for item_id, number in numbers.items():
        note = notes.get(item_id)
        fields[f"discussion {number}"] = note.discussion if note else ""
        fields[f"statements {number}"] = note.statements if note else ""
    return fields


def correct_attendance(
    *,
    by,
    minutes: Minutes,
    person: Person,
    state: str,
    arrived: datetime.datetime | None,
    left: datetime.datetime | None,
    reason: str,
) -> Correction:
    """Record that a member was in the hall or remote from `arrived` to `left`, or absent or
    excused, instead of what the session recorded."""
    if state not in MARKABLE_STATES:
        raise MinutesError(_("Unknown attendance state."))
    present = state in PRESENT_STATES
    if present and (arrived is None or left is None or left < arrived):
        raise MinutesError(_("Give the arrival and a departure after it."))
    value = {
        "state": state,
        "arrived": iso(arrived) if present else None,
        "left": iso(left) if present else None,
    }
    return record_correction(
        by=by,
        minutes=minutes,
        kind=Correction.Kind.ATTENDANCE,
        target=f"attendance:{person.pk}",
        value=value,
        reason=reason,
    )


def correct_ballot(
    *, by, minutes: Minutes, ballot: Ballot, yes: int, no: int, abstain: int, reason: str
) -> Correction:
    """Record corrected counts of a closed ballot; outcome and result text follow from them."""
    if ballot.meeting_id != minutes.meeting_id or ballot.state != Ballot.State.CLOSED:
        raise MinutesError(
            _("Only the result of a closed ballot of this meeting can be corrected.")
        )
    if not rules.may_correct_counts(ballot.kind):
        raise MinutesError(
            _(
                "The counts of a named vote follow from each member's recorded choice and cannot "
                "be corrected."
            )
        )
    if min(yes, no, abstain) < 0 or yes + no + abstain > ballot.eligible_count:
        raise MinutesError(
            _("The counts must not be negative nor add up to more than %(eligible)d voters.")
            % {"eligible": ballot.eligible_count}
        )
    return record_correction(
        by=by,
        minutes=minutes,
        kind=Correction.Kind.BALLOT,
        target=f"ballot:{ballot.pk}",
        value={"yes": yes, "no": no, "abstain": abstain},
        reason=reason,
    )


def correct_session_times(
    *,
    by,
    minutes: Minutes,
    started: datetime.datetime,
    closed: datetime.datetime,
    reason: str,
) -> Correction:
    if closed <= started:
        raise MinutesError(_("The end must come after the start."))
    return record_correction(
        by=by,
        minutes=minutes,
        kind=Correction.Kind.SESSION,
        target="session",
        value={"started": iso(started), "closed": iso(closed)},
        reason=reason,
    )


@transaction.atomic
def record_correction(
    *, by, minutes: Minutes, kind: str, target: str, value: dict, reason: str
) -> Correction:
    """One correction of a fact, with what the record said before it."""
    minutes = locked(minutes)
    ensure_editable(minutes)
    if not reason.strip():
        raise MinutesError(_("Please give the reason for the correction."))
    current = minutes_record(minutes)
    previous = previous_value(current, kind, target)
    if previous is None:
        raise MinutesError(_("There is no such fact in the record of this meeting."))
    correction = Correction.objects.create(
        minutes=minutes,
        kind=kind,
        target=target,
        value=value,
        previous=previous,
        reason=reason.strip(),
        made_by=by,
        made=timezone.now(),
    )
    record_for_meeting(
        "minutes.corrected",
        by=by,
        meeting=minutes.meeting,
        target=target,
        value=value,
        previous=previous,
        reason=correction.reason,
    )
    return correction


def previous_value(record: dict, kind: str, target: str) -> dict | None:
    """What the record says now about the fact a correction names; None if there is no such."""
    if kind == Correction.Kind.SESSION:
        meeting = record["meeting"]
        return {"started": meeting["started"], "closed": meeting["closed"]}
    key = int(target.split(":")[1])
    if kind == Correction.Kind.ATTENDANCE:
        row = find(record["attendance"], "person", key)
        if row is None:
            return None
        periods, state = row["periods"], row["state"]
        if periods:
            state = "remote" if all(p["remote"] for p in periods) else "hall"
        return {
            "state": state,
            "arrived": periods[0]["arrived"] if periods else None,
            "left": periods[-1]["left"] if periods else None,
        }
    ballots = [ballot for item in record["items"] for ballot in item["ballots"]]
    ballot = find(ballots, "id", key)
    if ballot is None:
        return None
    return {"yes": ballot["yes"], "no": ballot["no"], "abstain": ballot["abstain"]}


@transaction.atomic
def finalize(*, by, minutes: Minutes, changes: str = "") -> Version:
    """Lock the draft: render the full and the public minutes once, keep the files, their SHA-256
    and where the signatures go. From the second version on, `changes` says what changed."""
    minutes = locked(minutes)
    ensure_transition(minutes, rules.FINAL)
    if minutes.recorder_id is None or minutes.chair_id is None:
        raise MinutesError(_("Choose the recorder and the chair before finalizing."))
    if minutes.chair.user_id is None:
        raise MinutesError(
            _("%(name)s has no user account to sign with.") % {"name": minutes.chair}
        )
    number = (
        minutes.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    if number > 1 and not changes.strip():
        raise MinutesError(_("Say what changed compared with the previous version."))
    full = minutes_record(minutes, session_record(minutes.meeting))
    public = public_record(full)
    full_pdf = render(full, version=number, changes=changes)
    public_pdf = render(public, version=number, changes=changes)
    version = Version(
        minutes=minutes,
        number=number,
        changes=changes.strip(),
        record=full,
        full_sha256=sha256(full_pdf.pdf),
        public_sha256=sha256(public_pdf.pdf),
        slots={
            rules.FULL: {role: slot.as_json() for role, slot in full_pdf.slots.items()},
            rules.PUBLIC: {role: slot.as_json() for role, slot in public_pdf.slots.items()},
        },
        finalized=timezone.now(),
        finalized_by=by,
    )
    version.full_pdf.save("full.pdf", ContentFile(full_pdf.pdf), save=False)
    version.public_pdf.save("public.pdf", ContentFile(public_pdf.pdf), save=False)
    version.save()
    minutes.state = Minutes.State.FINAL
    minutes.save(update_fields=["state", "modified"])
    record_for_meeting(
        "minutes.finalized",
        by=by,
        meeting=minutes.meeting,
        version=number,
        full_sha256=version.full_sha256,
        public_sha256=version.public_sha256,
    )
    return version


def current_version(minutes: Minutes) -> Version | None:
    """The version being signed (final or signed), if any."""
    return minutes.versions.filter(state__in=[Version.State.FINAL, Version.State.SIGNED]).first()


def signed_pairs(version: Version) -> set[tuple[str, str]]:
    return set(version.signatures.values_list("document", "role"))


def document_to_sign(version: Version, document: str) -> bytes:
    """The bytes the next signature on `document` must extend: the file as signed so far, or
    as rendered."""
    field = version.signed_full_pdf if document == rules.FULL else version.signed_public_pdf
    if not field:
        field = version.full_pdf if document == rules.FULL else version.public_pdf
    with field.open("rb") as handle:
        return handle.read()


def signature_slot(version: Version, document: str, role: str) -> SignatureSlot:
    return SignatureSlot.from_json(version.slots[document][role])


@transaction.atomic
def store_signature(
    *,
    by,
    version: Version,
    document: str,
    role: str,
    signed_pdf: bytes,
    signer_name: str,
    signed_at: datetime.datetime,
    certificate_subject: str,
    certificate_serial: str,
    signed_length: int,
) -> Signature:
    """Keep a file that `by` has just signed as recorder or chair. The signature must extend the
    file as it was (an incremental update appends, it never rewrites); once both have signed
    both files, the version and the minutes are signed."""
    minutes = locked(version.minutes)
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.state != Version.State.FINAL or minutes.state != Minutes.State.FINAL:
        raise MinutesError(_("Only final minutes awaiting signatures can be signed."))
    expected = {rules.RECORDER: minutes.recorder_id, rules.CHAIR: minutes.chair.user_id}
    if role not in expected or expected[role] != by.pk:
        raise MinutesError(_("You are not the one to sign these minutes in this role."))
    signed = signed_pairs(version)
    if not rules.may_sign(role, document, signed):
        raise MinutesError(_("The recorder signs first, the chair second, each once per file."))
    before = document_to_sign(version, document)
    if len(signed_pdf) <= len(before) or not signed_pdf.startswith(before):
        raise MinutesError(_("The signed file does not extend the file that was to be signed."))
    digest = sha256(signed_pdf)
    field = signed_field(document)
    getattr(version, field).save(f"{document}-{role}.pdf", ContentFile(signed_pdf), save=False)
    setattr(version, f"{field.removesuffix('_pdf')}_sha256", digest)
    signature = Signature.objects.create(
        version=version,
        document=document,
        role=role,
        signer=by,
        signer_name=signer_name,
        signed_at=signed_at,
        certificate_subject=certificate_subject,
        certificate_serial=certificate_serial,
        signed_length=signed_length,
        file_sha256=digest,
    )
    if rules.is_fully_signed(signed | {(document, role)}):
        version.state = Version.State.SIGNED
        minutes.state = Minutes.State.SIGNED
        minutes.save(update_fields=["state", "modified"])
    version.save()
    record_for_meeting(
        "minutes.signed",
        by=by,
        meeting=minutes.meeting,
        version=version.number,
        document=document,
        role=role,
        signer=signer_name,
        certificate_serial=certificate_serial,
    )
    return signature


@transaction.atomic
def sign_version(*, by, minutes: Minutes, signer: Signer) -> list[Signature]:
    """Sign both files of the version awaiting signatures, full and public, in the role `by`
    has in these minutes, and keep both signatures, or neither.

    Locks the minutes and the version (`select_for_update`) for the whole of it: the second
    signer cannot start on a file the first is still extending.
    """
    minutes = locked(minutes)
    version = minutes.versions.select_for_update().filter(state=Version.State.FINAL).first()
    role = ensure_may_sign(by, minutes, version)
    signatures, written = [], []
    try:
        for document in rules.DOCUMENTS:
            signatures.append(sign_document(by, version, document, role, signer))
            written.append(getattr(version, signed_field(document)))
    except Exception:
        # The transaction forgets the signatures; the files they wrote must go too.
        for file in written:
            file.storage.delete(file.name)
        raise
    return signatures


def signed_field(document: str) -> str:
    return "signed_full_pdf" if document == rules.FULL else "signed_public_pdf"


def sign_document(by, version: Version, document: str, role: str, signer: Signer) -> Signature:
    before = document_to_sign(version, document)
    slot = signature_slot(version, document, role)
    signed_at = timezone.now()
    try:
        signed_pdf = sign_pdf(
            before,
            signer,
            role=role,
            page=slot.page,
            box=slot.box,
            location=version.record.get("municipality") or None,
        )
    except SigningError as error:
        raise MinutesError(str(error)) from error
    certificate = signer.cms_signer.signing_cert
    signature = store_signature(
        by=by,
        version=version,
        document=document,
        role=role,
        signed_pdf=signed_pdf,
        signer_name=signer.name,
        signed_at=signed_at,
        certificate_subject=certificate.subject.human_friendly,
        certificate_serial=format(certificate.serial_number, "X"),
        signed_length=len(before),
    )
    version.refresh_from_db()
    return signature


def ensure_may_sign(by, minutes: Minutes, version: Version | None) -> str:
    """The role in which `by` signs `version` now; else a MinutesError that says why not."""
    if version is None or version.state != Version.State.FINAL:
        raise MinutesError(_("Only final minutes awaiting signatures can be signed."))
    role = signing_role(by, minutes)
    if role is None:
        raise MinutesError(_("You are neither the recorder nor the chair of these minutes."))
    ensure_turn(role, signed_pairs(version))
    return role


def ensure_turn(role: str, signed: set[tuple[str, str]]) -> None:
    """Refuse a signature out of turn, saying why: already given, or the recorder first."""
    if all((document, role) in signed for document in rules.DOCUMENTS):
        raise MinutesError(_("You have already signed this version of the minutes."))
    if not all(rules.may_sign(role, document, signed) for document in rules.DOCUMENTS):
        raise MinutesError(
            _("The recorder signs first; the chair can sign once the recorder has signed.")
        )


@transaction.atomic
def publish(*, by, minutes: Minutes) -> Version:
    """Publish the signed version; one published before it is superseded now."""
    minutes = locked(minutes)
    ensure_transition(minutes, rules.PUBLISHED)
    version = minutes.versions.select_for_update().get(state=Version.State.SIGNED)
    minutes.versions.filter(state=Version.State.PUBLISHED).update(state=Version.State.SUPERSEDED)
    version.state, version.published = Version.State.PUBLISHED, timezone.now()
    version.save(update_fields=["state", "published"])
    minutes.state = Minutes.State.PUBLISHED
    minutes.save(update_fields=["state", "modified"])
    record_for_meeting(
        "minutes.published",
        by=by,
        meeting=minutes.meeting,
        version=version.number,
        full_sha256=version.signed_full_sha256,
        public_sha256=version.signed_public_sha256,
    )
    return version


@transaction.atomic
def reopen(*, by, minutes: Minutes) -> Minutes:
    """Back to the draft to correct: an unpublished version is discarded (its files stay as
    they are); a published one stays published until the corrected version replaces it."""
    minutes = locked(minutes)
    ensure_transition(minutes, rules.DRAFT)
    discarded = list(
        minutes.versions.filter(state__in=[Version.State.FINAL, Version.State.SIGNED]).values_list(
            "number", flat=True
        )
    )
    minutes.versions.filter(number__in=discarded).update(state=Version.State.DISCARDED)
    minutes.state = Minutes.State.DRAFT
    minutes.save(update_fields=["state", "modified"])
    record_for_meeting(
        "minutes.reopened", by=by, meeting=minutes.meeting, discarded_versions=discarded
    )
    return minutes
