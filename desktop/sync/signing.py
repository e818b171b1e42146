"""The minisign format (Ed25519): public keys, secret keys, signatures.

Built on the py-minisign library, which reads and writes exactly the files the
stock ``minisign`` tool does. One difference is deliberate: the *fingerprint*
is the key id as the stock tool prints it (the 8 key-id bytes read as a
little-endian number, as in ``minisign public key D4C6…``), always written
as 16 uppercase hex digits (the stock tool drops leading zeros);
py-minisign's own comment prints the bytes in the other order.
"""

from __future__ import annotations

import minisign

from desktop.i18n import _
from desktop.sync.errors import BundleError

KEY_COMMENT = "minisign public key {fp}"


def generate() -> minisign.KeyPair:
    return minisign.KeyPair.generate()


def fingerprint(public_key: minisign.PublicKey) -> str:
    return bytes(public_key._keynum_pk.key_id)[::-1].hex().upper()


def ed25519_public(public_key: minisign.PublicKey) -> bytes:
    """The raw 32-byte Ed25519 public key inside a minisign public key."""
    return bytes(public_key._keynum_pk.public_key)


def ed25519_seed(secret_key: minisign.SecretKey) -> bytes:
    """The raw 32-byte Ed25519 seed inside an unencrypted minisign secret key."""
    return bytes(secret_key._keynum_sk.secret_key)


def public_key_line(public_key: minisign.PublicKey) -> str:
    """The base64 line of a public key (what ``minisign -P`` takes)."""
    return public_key.to_base64().decode("ascii")


def public_key_file(public_key: minisign.PublicKey) -> bytes:
    """A ``.pub`` file as the stock tool writes it."""
    return (
        f"untrusted comment: {KEY_COMMENT.format(fp=fingerprint(public_key))}\n{public_key_line(public_key)}\n"
    ).encode("ascii")


def parse_public_key(text: str | bytes) -> minisign.PublicKey:
    """A public key from its base64 line or a whole ``.pub`` file; ValueError when malformed."""
    if isinstance(text, bytes):
        try:
            text = text.decode("ascii")
        except UnicodeDecodeError:
            raise ValueError("not ascii") from None
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    if not lines or len(lines) > 2 or (len(lines) == 2 and not lines[0].startswith("untrusted comment:")):
        raise ValueError("not a minisign public key")
    try:
        return minisign.PublicKey.from_base64(lines[-1])
    except minisign.Error as exc:
        raise ValueError(str(exc)) from None


def secret_key_file(secret_key: minisign.SecretKey) -> bytes:
    return bytes(secret_key) + b"\n"


def parse_secret_key(data: bytes) -> minisign.SecretKey:
    try:
        return minisign.SecretKey.from_bytes(data.strip())
    except minisign.Error as exc:
        raise ValueError(str(exc)) from None


def sign(secret_key: minisign.SecretKey, data: bytes, trusted_comment: str) -> bytes:
    """A detached ``.minisig`` file for ``data`` (prehashed Ed25519, the stock default)."""
    signature = secret_key.sign(
        data, prehash=True, untrusted_comment="signature from Pantau", trusted_comment=trusted_comment
    )
    return bytes(signature) + b"\n"


def verify(public_key: minisign.PublicKey, data: bytes, signature_file: bytes, what: str) -> str:
    """Check a detached signature; returns its trusted comment or raises BundleError('signature')."""
    try:
        signature = minisign.Signature.from_bytes(signature_file.strip())
    except (minisign.Error, UnicodeDecodeError, ValueError):
        raise BundleError(
            "signature", _("The signature of {what} is damaged or is not a minisign signature.").format(what=what)
        ) from None
    try:
        public_key.verify(data, signature)
    except minisign.VerifyError:
        raise BundleError(
            "signature",
            _("The signature of {what} does not match: it was changed after signing or signed by another key.").format(
                what=what
            ),
        ) from None
    except minisign.Error:
        raise BundleError("signature", _("The signature of {what} cannot be checked.").format(what=what)) from None
    return signature.trusted_comment
