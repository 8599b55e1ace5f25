"""Stand-ins for signatures: what the signing module returns, an incremental update appended."""

from django.utils import timezone

from minutes import services


def appended(content: bytes, role: str) -> bytes:
    """The file with an incremental update appended, as a signature leaves it."""
    return content + f"\n% signature of the {role}\n%%EOF\n".encode()


def sign(version, user, *, role: str, document: str):
    version.refresh_from_db()
    before = services.document_to_sign(version, document)
    return services.store_signature(
        by=user,
        version=version,
        document=document,
        role=role,
        signed_pdf=appended(before, role),
        signer_name=str(user),
        signed_at=timezone.now(),
        certificate_subject=f"CN={user}",
        certificate_serial="1234",
        signed_length=len(before),
    )


def sign_all(version, *, recorder, chair) -> None:
    for document in ("full", "public"):
        sign(version, recorder, role="recorder", document=document)
    for document in ("full", "public"):
        sign(version, chair, role="chair", document=document)
