"""A device's age (X25519) key, derived from its minisign (Ed25519) signing key.

Devices have one key pair, the Ed25519 key they sign bundles with, and the
coordinator already knows its public half (``sync_devices.public_key``). To
encrypt the records of an update pack to one device, both sides map that key to
Curve25519 the standard way — the way ``age`` itself treats ``ssh-ed25519``
recipients and libsodium's ``crypto_sign_ed25519_{pk,sk}_to_curve25519`` do:

- secret: the X25519 scalar is the first 32 bytes of SHA-512(Ed25519 seed),
  clamped (it is exactly the scalar Ed25519 signs with);
- public: the Montgomery u-coordinate of the Ed25519 point,
  u = (1 + y) / (1 - y) mod 2^255 - 19.

Both are written as standard age X25519 keys (bech32: ``AGE-SECRET-KEY-1…``,
``age1…``), so a file encrypted to the derived recipient opens with the stock
``age -d -i`` and the derived identity. Why reusing the signing key for
encryption is acceptable: docs/security.md ("Update packs").
"""

from __future__ import annotations

import hashlib

import minisign
import pyrage

from desktop.sync import signing

P = 2**255 - 19
_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
_GENERATOR = (0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3)


# -- bech32 (BIP 173, as age uses it: no length limit) -------------------------------------------
def _polymod(values: list[int]) -> int:
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= _GENERATOR[i] if (top >> i) & 1 else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp]


def _to_5bit(data: bytes) -> list[int]:
    acc, bits, out = 0, 0, []
    for byte in data:
        acc = (acc << 8) | byte
        bits += 8
        while bits >= 5:
            bits -= 5
            out.append((acc >> bits) & 31)
    if bits:
        out.append((acc << (5 - bits)) & 31)
    return out


def bech32_encode(hrp: str, data: bytes) -> str:
    """Lower-case bech32 of ``data`` under the human-readable part ``hrp``."""
    hrp = hrp.lower()
    words = _to_5bit(data)
    polymod = _polymod(_hrp_expand(hrp) + words + [0] * 6) ^ 1
    checksum = [(polymod >> 5 * (5 - i)) & 31 for i in range(6)]
    return hrp + "1" + "".join(_CHARSET[w] for w in words + checksum)


# -- Ed25519 -> X25519 ---------------------------------------------------------------------------
def x25519_scalar(seed: bytes) -> bytes:
    """The clamped X25519 secret scalar of an Ed25519 secret key seed (32 bytes)."""
    if len(seed) != 32:
        raise ValueError("an Ed25519 seed has 32 bytes")
    scalar = bytearray(hashlib.sha512(seed).digest()[:32])
    scalar[0] &= 248
    scalar[31] &= 127
    scalar[31] |= 64
    return bytes(scalar)


def x25519_public(ed25519_public: bytes) -> bytes:
    """The X25519 public key (Montgomery u) of an Ed25519 public key; ValueError when it has none."""
    if len(ed25519_public) != 32:
        raise ValueError("an Ed25519 public key has 32 bytes")
    y = int.from_bytes(ed25519_public, "little") & ((1 << 255) - 1)
    if y >= P or y == 1:  # not canonical, or the neutral point (u would be 0 or undefined)
        raise ValueError("not a usable Ed25519 public key")
    u = (1 + y) * pow(1 - y, P - 2, P) % P
    if u == 0:
        raise ValueError("not a usable Ed25519 public key")
    return u.to_bytes(32, "little")


def identity_string(secret_key: minisign.SecretKey) -> str:
    """The ``AGE-SECRET-KEY-1…`` identity of a minisign secret key (keep it secret)."""
    return bech32_encode("age-secret-key-", x25519_scalar(signing.ed25519_seed(secret_key))).upper()


def recipient_string(public_key: minisign.PublicKey) -> str:
    """The ``age1…`` recipient of a minisign public key."""
    return bech32_encode("age", x25519_public(signing.ed25519_public(public_key)))


def identity(secret_key: minisign.SecretKey) -> pyrage.x25519.Identity:
    return pyrage.x25519.Identity.from_str(identity_string(secret_key))


def recipient(public_key: minisign.PublicKey) -> pyrage.x25519.Recipient:
    return pyrage.x25519.Recipient.from_str(recipient_string(public_key))
