"""Signatures on the minutes (Unterschriften): keys, PAdES signing and verification.

- `keystore`: the town's local certificate authority and the people's signing keys;
- `signer`: a signing key with its certificate, from the keystore or a person's own PKCS#12 file;
- `sign`: one visible PAdES signature in its own incremental update;
- `verify`: what an uploaded PDF's signatures say, for the verification page.

This package knows PDFs and keys only, not the minutes' models.
"""
