"""A signing key with its certificate (Signaturschlüssel), ready for `sign.sign_pdf`."""

import datetime
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash


class SigningError(Exception):
    """Signing cannot go ahead; the message is for the person who tried."""


@dataclass(frozen=True)
class Signer:
    """Who signs (the certificate's common name) and pyHanko's signer holding the key."""

    name: str
    cms_signer: SimpleSigner


class LoadedKeySigner(SimpleSigner):
    """pyHanko's SimpleSigner, reusing the key object instead of reading the key for each use.

    SimpleSigner parses the private key again for every raw signature (twice per PDF signature),
    and parsing checks an RSA key: about 0.1 s for RSA 3072, most of the signing time.
    """

    def __init__(self, key, **kwargs):
        super().__init__(**kwargs)
        self._key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algorithm = get_pyca_cryptography_hash(digest_algorithm)
        if mechanism == "ecdsa" and isinstance(self._key, ec.EllipticCurvePrivateKey):
            return self._key.sign(data, ec.ECDSA(hash_algorithm))
        if mechanism == "rsassa_pkcs1v15" and isinstance(self._key, rsa.RSAPrivateKey):
            return self._key.sign(data, padding.PKCS1v15(), hash_algorithm)
        return super().sign_raw(data, digest_algorithm)


def certificate_name(certificate: x509.Certificate) -> str:
    """The common name of a certificate's subject, else its whole subject."""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else certificate.subject.rfc4514_string()


def signer_from_key(key, certificate: x509.Certificate, chain: list[x509.Certificate]) -> Signer:
    """A signer for a key and its certificate; the chain is embedded in each signature."""
    now = timezone.now()
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc:
        raise SigningError(
            _("The certificate is valid only from %(start)s to %(end)s.")
            % {
                "start": _day(certificate.not_valid_before_utc),
                "end": _day(certificate.not_valid_after_utc),
            }
        )
    registry = SimpleCertificateStore()
    registry.register_multiple(asn1_certificate(c) for c in chain)
    if key.public_key() != certificate.public_key():
        raise SigningError(_("The key in the key file does not belong to its certificate."))
    cms_signer = LoadedKeySigner(
        key,
        signing_cert=asn1_certificate(certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=registry,
    )
    return Signer(name=certificate_name(certificate), cms_signer=cms_signer)


def signer_from_pkcs12(data: bytes, passphrase: str) -> Signer:
    """A person's own PKCS#12 file (.p12/.pfx), uploaded to sign once; nothing is stored."""
    try:
        key, certificate, chain = pkcs12.load_key_and_certificates(data, passphrase.encode())
    except ValueError as error:
        raise SigningError(
            _("The key file could not be opened: the passphrase is wrong or it is no PKCS#12 file.")
        ) from error
    if key is None or certificate is None:
        raise SigningError(_("The key file holds no signing key with its certificate."))
    return signer_from_key(key, certificate, chain)


def asn1_certificate(certificate: x509.Certificate) -> asn1_x509.Certificate:
    """The certificate as pyHanko takes it."""
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _day(moment: datetime.datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")
