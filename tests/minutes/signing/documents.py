"""Small PDFs and certificates that the signing tests make for themselves."""

import datetime
import io

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas


def small_pdf(*, pages: int = 2) -> bytes:
    """A plain reportlab PDF standing in for the minutes."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for number in range(1, pages + 1):
        canvas.drawString(72, 760, f"Niederschrift der Sitzung – Seite {number} von {pages}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def own_pkcs12(
    *,
    passphrase: str,
    name: str = "Erika Eigen",
    days: int = 365,
    key=None,
    authority_name: x509.Name | None = None,
) -> bytes:
    """A person's own PKCS#12 file (with an EC P-256 key unless `key` is given), issued by an
    authority that is not the town's, though it may bear any name."""
    now = datetime.datetime.now(datetime.UTC)
    authority_key = ec.generate_private_key(ec.SECP256R1())
    authority_name = authority_name or x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, "Fremde CA")]
    )
    authority = _certificate(
        authority_name,
        authority_name,
        authority_key.public_key(),
        authority_key,
        now,
        days=3650,
        ca=True,
    )
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    certificate = _certificate(subject, authority_name, key.public_key(), authority_key, now, days)
    return pkcs12.serialize_key_and_certificates(
        b"own",
        key,
        certificate,
        [authority],
        serialization.BestAvailableEncryption(passphrase.encode()),
    )


def _certificate(subject, issuer, public_key, signing_key, now, days, *, ca=False):
    start = (
        now - datetime.timedelta(days=1) if days > 0 else now + datetime.timedelta(days=days - 1)
    )
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(signing_key, hashes.SHA256())
    )
