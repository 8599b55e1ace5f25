"""One visible PAdES signature, added to a PDF in its own incremental update.

The bytes before the update stay as they were, so an earlier signature (the recorder's) remains
valid when the next one (the chair's) is added.
"""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, SigSeedSubFilter
from pyhanko.sign.signers import PdfSignatureMetadata, PdfSigner
from pyhanko.stamp import TextStampStyle

from council.pdf import BERLIN
from minutes.signing.signer import Signer, SigningError

RECORDER = "recorder"
CHAIR = "chair"

# The minutes are a German document: the labels in it do not follow the reader's language.
ROLE_LABELS = {RECORDER: "Schriftführer/in", CHAIR: "Vorsitz"}
# Each role signs in its own form field, so the field's name tells the role when verifying.
FIELD_NAMES = {RECORDER: "Unterschrift_Schriftfuehrung", CHAIR: "Unterschrift_Vorsitz"}

STAMP_STYLE = TextStampStyle(stamp_text="%(name)s\n%(role)s\n%(time)s", border_width=1)


def sign_pdf(
    pdf: bytes,
    signer: Signer,
    *,
    role: str,
    page: int,
    box: tuple[float, float, float, float],
    location: str | None = None,
) -> bytes:
    """The PDF with the signer's signature in `role` added, visible in `box` on `page`.

    `page` counts from 0; `box` is (x1, y1, x2, y2) in PDF points from the page's lower left.
    The role's German label is also the signature's reason. Uses pyHanko's synchronous API,
    so call it from synchronous code (a view, a service), not from inside an event loop.
    """
    label = ROLE_LABELS[role]
    field_name = FIELD_NAMES[role]
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    if any(signature.field_name == field_name for signature in writer.prev.embedded_signatures):
        raise SigningError(_("This document already carries a signature in this role."))
    metadata = PdfSignatureMetadata(
        field_name=field_name,
        reason=label,
        location=location,
        name=signer.name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
    )
    pdf_signer = PdfSigner(
        metadata,
        signer.cms_signer,
        stamp_style=STAMP_STYLE,
        new_field_spec=SigFieldSpec(field_name, on_page=page, box=box),
    )
    signed_at = timezone.now().astimezone(BERLIN)
    output = pdf_signer.sign_pdf(
        writer,
        appearance_text_params={
            "name": signer.name,
            "role": label,
            "time": f"{signed_at:%d.%m.%Y, %H:%M} Uhr",
        },
    )
    return output.getvalue()
