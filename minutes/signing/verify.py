"""What the signatures in a PDF say (Prüfung): for the verification page and the tests.

`inspect_pdf` takes any upload and never raises on bad input; `verdict` and `describe` turn its
report into sentences for people. A signature holds when it matches the file and nothing but later
signatures was added after it. Whether the town's authority issued its certificate is a separate
fact: a person may sign with a certificate of their own.
"""

import datetime
import io
import logging
from dataclasses import dataclass

from cryptography import x509
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from council.models import Municipality
from minutes.signing.keystore import ca_certificate
from minutes.signing.sign import CHAIR, FIELD_NAMES, RECORDER
from minutes.signing.signer import asn1_certificate

logger = logging.getLogger(__name__)

ROLES_BY_FIELD = {field_name: role for role, field_name in FIELD_NAMES.items()}
# Later updates that only add signatures (and their fields and appearances) leave a signature's
# document as it was signed; anything beyond that is a change.
SIGNATURE_ONLY_CHANGES = (
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
)


@dataclass(frozen=True)
class SignatureReport:
    """One signature: who, in which role, when, whether it holds and who issued its certificate."""

    field_name: str
    signer_name: str
    role: str | None  # "recorder" or "chair" for signatures Ratssaal made, else None
    reason: str
    signed_at: datetime.datetime | None
    intact: bool  # the signed bytes still match the signature's digest
    valid: bool  # the digest is signed by the certificate's key
    issued_by_town: bool  # the town's certificate authority signed the certificate
    issuer_name: str  # the issuer the certificate names
    covers_whole_file: bool
    modified_after: bool  # something other than later signatures was added after this one

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and not self.modified_after

    @property
    def role_label(self) -> str:
        """The role as the page names it ("Schriftführer/in"), or "" if the file names none."""
        return role_label(self.role) if self.role else ""


@dataclass(frozen=True)
class Report:
    """A PDF's signatures in signing order; `readable` is False for anything that is no PDF."""

    readable: bool
    signatures: tuple[SignatureReport, ...] = ()
    damaged: bool = False  # starts like a PDF, but cannot be read: changed or cut off

    @property
    def signed(self) -> bool:
        return bool(self.signatures)

    @property
    def modified_after_signing(self) -> bool:
        return any(signature.modified_after for signature in self.signatures)

    @property
    def ok(self) -> bool:
        return self.signed and all(signature.ok for signature in self.signatures)

    @property
    def issued_by_town(self) -> bool:
        return all(signature.issued_by_town for signature in self.signatures)


def inspect_pdf(pdf: bytes) -> Report:
    """Check every signature of the PDF against its content, and who issued its certificate."""
    try:
        signatures = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_regular_signatures
        if not signatures:
            return Report(readable=True)
        return Report(readable=True, signatures=_check(signatures))
    except Exception:  # an upload can be anything; the report says what it is not
        logger.info("An uploaded PDF cannot be read", exc_info=True)
        return Report(readable=False, damaged=b"%PDF-" in pdf[:1024])


def _check(signatures) -> tuple[SignatureReport, ...]:
    authority = ca_certificate()
    context = _validation_context(authority)
    statuses = [_validate(signature, context) for signature in signatures]
    # Bytes after the last signature are covered by no signature at all.
    appended_unsigned = _coverage(statuses[-1]) != SignatureCoverageLevel.ENTIRE_FILE
    return tuple(
        _report(signature, status, authority=authority, appended_unsigned=appended_unsigned)
        for signature, status in zip(signatures, statuses, strict=True)
    )


def verdict(report: Report) -> str:
    """The one sentence the verification page leads with."""
    if report.damaged:
        return _("This PDF is damaged (changed or cut off): its signatures cannot be checked.")
    if not report.readable:
        return _("This file is not a valid PDF document.")
    if not report.signed:
        return _("This PDF carries no digital signature.")
    if report.ok and report.issued_by_town:
        return _("All signatures are valid and the document has not been changed since.")
    if report.ok:
        return _(
            "All signatures are valid and the document has not been changed since. At least one "
            "signer used their own certificate, not one issued by the town. See the details below."
        )
    return _("Caution: at least one signature does not hold. See the details below.")


def describe(signature: SignatureReport) -> list[str]:
    """Who signed, as what and when, whether the signature holds and who issued its certificate,
    in plain sentences."""
    facts = {
        "name": signature.signer_name,
        "role": signature.role_label,
        "time": _moment(signature.signed_at),
    }
    if facts["role"]:
        sentences = [_("%(name)s signed as %(role)s (%(time)s).") % facts]
    else:
        sentences = [_("%(name)s signed (%(time)s).") % facts]
    if not signature.intact:
        sentences.append(
            _("The document was changed after this signature: it no longer matches the content.")
        )
    elif not signature.valid:
        sentences.append(_("The signature is not cryptographically valid."))
    elif signature.modified_after:
        sentences.append(_("The signature matches the document as it was signed."))
    else:
        sentences.append(
            _("The signature is valid: the document is unchanged since it was signed.")
        )
    if signature.modified_after:
        sentences.append(_("Something was added to the file after this signature."))
    town = str(Municipality.objects.first() or "")
    if signature.issued_by_town:
        sentences.append(
            _("Certificate issued by the signing authority of %(town)s.") % {"town": town}
        )
    else:
        sentences.append(
            _(
                "Own certificate, not issued by %(town)s: only the certificate itself vouches for "
                "the signer's identity (issuer named in it: %(issuer)s)."
            )
            % {"town": town, "issuer": signature.issuer_name}
        )
    return sentences


def role_label(role: str) -> str:
    return {
        RECORDER: pgettext("signature role", "recorder"),
        CHAIR: pgettext("signature role", "chair"),
    }[role]


def _validation_context(authority: x509.Certificate | None) -> ValidationContext:
    """The town's authority as the only trust root, nothing fetched: pyHanko then finds the path
    of the town's certificates rather than logging them as unknown. Its verdict on that path is
    not reported (`_issued_by` is): it depends on the certificates being valid today."""
    roots = [asn1_certificate(authority)] if authority else []
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def _validate(signature, context):
    """pyHanko's status of the signature, or None if it is too broken to be checked at all."""
    try:
        return validate_pdf_signature(signature, context)
    except Exception:  # a malformed signature is reported, not raised
        logger.info("Signature %s cannot be validated", signature.field_name, exc_info=True)
        return None


def _coverage(status) -> SignatureCoverageLevel | None:
    return status.coverage if status is not None else None


def _report(
    signature, status, *, authority: x509.Certificate | None, appended_unsigned: bool
) -> SignatureReport:
    covers_whole_file = _coverage(status) == SignatureCoverageLevel.ENTIRE_FILE
    changed_by_later_update = (
        status is None or status.modification_level not in SIGNATURE_ONLY_CHANGES
    )
    return SignatureReport(
        field_name=signature.field_name or "",
        signer_name=_certificate_name(signature, "subject"),
        role=ROLES_BY_FIELD.get(signature.field_name),
        reason=str(signature.sig_object.get("/Reason", "")),
        signed_at=status.signer_reported_dt if status is not None else None,
        intact=status is not None and status.intact,
        valid=status is not None and status.valid,
        issued_by_town=_issued_by(signature, authority),
        issuer_name=_certificate_name(signature, "issuer"),
        covers_whole_file=covers_whole_file,
        modified_after=not covers_whole_file and (appended_unsigned or changed_by_later_update),
    )


def _issued_by(signature, authority: x509.Certificate | None) -> bool:
    """Whether `authority` signed the signer's certificate: still true once it has expired."""
    if authority is None:
        return False
    try:
        certificate = x509.load_der_x509_certificate(signature.signer_cert.dump())
        certificate.verify_directly_issued_by(authority)
    except Exception:  # no readable certificate, another issuer's, or a forged one
        return False
    return True


def _certificate_name(signature, part: str) -> str:
    """The common name of the signer's certificate's "subject" or "issuer"."""
    try:
        name = getattr(signature.signer_cert, part)
        return name.native.get("common_name") or name.human_friendly
    except Exception:  # no readable certificate: the report says so
        return _("unknown")


def _moment(moment: datetime.datetime | None) -> str:
    if moment is None:
        return _("an unknown time")
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
