"""The town's signing keystore (Schlüsselablage): a local certificate authority and people's keys.

Everything lives under `settings.SIGNING_KEYSTORE_DIR`:

    ca-certificate.pem     the authority's certificate (public: verification trusts it)
    ca-key.pem             the authority's private key, encrypted PKCS#8
    people/<user id>.p12   a person's key, certificate and the authority's certificate, PKCS#12

Private keys are encrypted with `SIGNING_PASSPHRASE`. The keys are EC P-256: made in a millisecond,
loaded without the 0.1 s check an RSA 3072 key costs, and every PDF reader verifies them.
"""

import datetime
import os
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from council.models import Membership
from council.permissions import secretariat_members
from minutes.signing.signer import Signer, SigningError, certificate_name, signer_from_key

# Only for DEBUG installations without SIGNING_PASSPHRASE: their keys protect nothing real.
DEVELOPMENT_PASSPHRASE = "ratssaal-development-only"  # noqa: S105 - DEBUG only, said above

CA_VALIDITY = datetime.timedelta(days=10 * 366)
PERSON_VALIDITY = datetime.timedelta(days=3 * 366)
# A certificate this close to its end is renewed when the command runs, not used until it expires.
RENEWAL_MARGIN = datetime.timedelta(days=30)
# Tolerance for clocks that run a little behind this server's.
BACKDATE = datetime.timedelta(minutes=5)

SIGNING_ROLES = (Membership.Role.CHAIR, Membership.Role.DEPUTY_CHAIR)


@dataclass(frozen=True)
class Authority:
    """The town's certificate authority (Zertifizierungsstelle), its key unlocked."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate


def passphrase() -> bytes:
    """SIGNING_PASSPHRASE; a fixed one in DEBUG (with a warning), else the keystore stays shut."""
    if settings.SIGNING_PASSPHRASE:
        return settings.SIGNING_PASSPHRASE.encode()
    if settings.DEBUG:
        # Reported here, not at the caller: Python then shows it once per process.
        warnings.warn(
            "SIGNING_PASSPHRASE is not set: the signing keys use the development passphrase.",
            stacklevel=1,
        )
        return DEVELOPMENT_PASSPHRASE.encode()
    raise SigningError(
        _("Signing is not set up on this server: the keystore passphrase is missing.")
    )


def keystore_dir() -> Path:
    return Path(settings.SIGNING_KEYSTORE_DIR)


def _ca_certificate_path() -> Path:
    return keystore_dir() / "ca-certificate.pem"


def _ca_key_path() -> Path:
    return keystore_dir() / "ca-key.pem"


def _key_path(user) -> Path:
    return keystore_dir() / "people" / f"{user.pk}.p12"


def ca_certificate() -> x509.Certificate | None:
    """The town's CA certificate, or None if there is no authority yet."""
    try:
        return x509.load_pem_x509_certificate(_ca_certificate_path().read_bytes())
    except FileNotFoundError:
        return None


def create_authority(*, municipality_name: str, force: bool = False) -> Authority:
    """A new certificate authority for the town; an existing one is replaced only with `force`.

    Replacing it makes every certificate it issued untrusted: issue them again.
    """
    if ca_certificate() is not None and not force:
        raise SigningError(_("A certificate authority exists already."))
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(f"{municipality_name} – Ratssaal-Signaturstelle", municipality_name)
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(now + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_key_usage(key_cert_sign=True, crl_sign=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    encrypted_key = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase()),
    )
    _write(_ca_key_path(), encrypted_key, mode=0o600)
    _write(_ca_certificate_path(), certificate.public_bytes(serialization.Encoding.PEM), mode=0o644)
    return Authority(key=key, certificate=certificate)


def load_authority() -> Authority:
    """The existing certificate authority with its key unlocked."""
    certificate = ca_certificate()
    if certificate is None:
        raise SigningError(_("There is no certificate authority yet."))
    try:
        key = serialization.load_pem_private_key(_ca_key_path().read_bytes(), passphrase())
    except (FileNotFoundError, ValueError, TypeError) as error:
        raise SigningError(_("The key of the certificate authority cannot be opened.")) from error
    return Authority(key=key, certificate=certificate)


def issue_certificate(authority: Authority, user) -> x509.Certificate:
    """A new key and certificate for the user, stored in the keystore (replacing an older one)."""
    municipality_name = authority.certificate.subject.get_attributes_for_oid(
        NameOID.ORGANIZATION_NAME
    )[0].value
    key = ec.generate_private_key(ec.SECP256R1())
    now = timezone.now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(signing_name(user), municipality_name))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(min(now + PERSON_VALIDITY, authority.certificate.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(digital_signature=True, content_commitment=True), critical=True)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority.key.public_key()),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(authority.key, hashes.SHA256())
    )
    archive = pkcs12.serialize_key_and_certificates(
        name=user.get_username().encode(),
        key=key,
        cert=certificate,
        cas=[authority.certificate],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase()),
    )
    _write(_key_path(user), archive, mode=0o600)
    return certificate


def has_current_certificate(authority: Authority, user) -> bool:
    """The user's stored certificate is from this authority, in their name and not about to end."""
    try:
        _, certificate, _ = _load_key(user)
        certificate.verify_directly_issued_by(authority.certificate)
    except (FileNotFoundError, SigningError, InvalidSignature, ValueError, TypeError):
        return False
    return (
        certificate_name(certificate) == signing_name(user)
        and certificate.not_valid_after_utc > timezone.now() + RENEWAL_MARGIN
    )


def key_holders() -> list:
    """The users who have a key in the keystore."""
    user_ids = [path.stem for path in (keystore_dir() / "people").glob("*.p12")]
    return list(get_user_model().objects.filter(pk__in=user_ids).order_by("username"))


def signer_for_user(user) -> Signer:
    """The user's stored signing key, unlocked for signing."""
    try:
        key, certificate, chain = _load_key(user)
    except FileNotFoundError as error:
        raise SigningError(
            _(
                "No signing key is stored for you. Ask the administrator to issue one, or sign "
                "with your own PKCS#12 file."
            )
        ) from error
    return signer_from_key(key, certificate, chain)


def signing_name(user) -> str:
    """The name a user signs with: their person's full name, else their account's name."""
    person = getattr(user, "person", None)
    if person is not None:
        return person.full_name
    return user.get_full_name() or user.get_username()


def signing_users() -> QuerySet:
    """Who signs minutes: the secretariat (recorders) and chairs and deputy chairs in office."""
    chairs = Membership.objects.on(timezone.localdate()).filter(role__in=SIGNING_ROLES)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(secretariat_members() | Q(person__memberships__in=chairs))
        .distinct()
        .order_by("username")
    )


def _load_key(user):
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(
            _key_path(user).read_bytes(), passphrase()
        )
    except ValueError as error:
        raise SigningError(_("Your signing key cannot be opened.")) from error
    return key, certificate, chain


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "DE"),
        ]
    )


def _key_usage(**granted: bool) -> x509.KeyUsage:
    usages = (
        "digital_signature",
        "content_commitment",
        "key_encipherment",
        "data_encipherment",
        "key_agreement",
        "key_cert_sign",
        "crl_sign",
        "encipher_only",
        "decipher_only",
    )
    return x509.KeyUsage(**{usage: granted.get(usage, False) for usage in usages})


def _write(path: Path, data: bytes, *, mode: int) -> None:
    """Write through a temporary file, so a crash never leaves half a key behind."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    os.replace(temporary, path)
