"""Contact numbers and handles written in adverts, in a form that can be compared.

Phone numbers are kept in the record as written ('0812-3456-7890') and
normalised here to E.164 ('+6281234567890') with ``phonenumbers``, using the
record's country as the region for numbers written without a country code, so
two ways of writing one number match. Handles are 'prefix:value' ('ig:kicau_jaya',
'tg:…', 'shop:…', 'wa:+62812…'); the prefix is mapped to a platform id where
one exists, the value is lower-cased without a leading '@'. A WhatsApp handle
is a phone number and is compared as one.

``contact_rows`` gives the derived rows of the ``record_contacts`` side table
for one observation: its phones, its handles, the seller's own account on its
platform, and the SHA-256 of every evidence image.
"""

from __future__ import annotations

import functools
import re
from pathlib import PurePosixPath

from desktop.domain.monitoring import account_key

PHONE = "phone"
HANDLE = "handle"
IMAGE = "image"

# Short prefixes officers type, mapped to the platform id used in the reference list.
HANDLE_PREFIXES = {
    "ig": "instagram",
    "insta": "instagram",
    "fb": "facebook",
    "tg": "telegram",
    "wa": "whatsapp",
    "tt": "tiktok",
    "x": "twitter",
    "tw": "twitter",
    "line": "line",
    "shop": "shop",
    "web": "web",
}
PHONE_PREFIXES = ("whatsapp",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".heic")
_PREFIX = re.compile(r"^([A-Za-z][A-Za-z0-9_.-]{0,19})\s*:\s*(.+)$")


@functools.lru_cache(maxsize=32768)
def parse_phone(text: str, region: str = "") -> str | None:
    """``text`` as an E.164 number ('+6281234567890'), or None when it is not a possible phone number.

    ``region`` (ISO country code) is used for numbers written without '+' and a country code.
    Remembered: an import reads each number when it validates, indexes and lists a record's contacts.
    """
    raw = (text or "").strip()
    if not raw or not any(ch.isdigit() for ch in raw):
        return None
    import phonenumbers  # loaded with the first number read, not with every start-up

    try:
        number = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def split_handle(text: str) -> tuple[str, str] | None:
    """('instagram', 'kicau_jaya') for 'ig:@Kicau_Jaya'; None when there is no 'prefix:' or no value."""
    match = _PREFIX.match((text or "").strip())
    if not match:
        return None
    prefix = match.group(1).lower()
    value = match.group(2).strip().lstrip("@").strip().lower()
    if not value:
        return None
    return HANDLE_PREFIXES.get(prefix, prefix), value


def normalise_handle(text: str, region: str = "") -> tuple[str, str] | None:
    """(kind, comparable value) of one handle: ('phone', E.164) for WhatsApp, else ('handle', 'platform:value').

    None when the handle cannot be read (no prefix, or a WhatsApp handle that is not a phone number).
    """
    parts = split_handle(text)
    if parts is None:
        return None
    prefix, value = parts
    if prefix in PHONE_PREFIXES:
        number = parse_phone(value, region)
        return (PHONE, number) if number else None
    return HANDLE, f"{prefix}:{value}"


def own_handle(platform: str, handle: str) -> str:
    """The seller's own account as a comparable handle ('instagram:kicau_jaya'), '' when unknown."""
    value = account_key(handle).lstrip("@").strip()
    return f"{platform}:{value}" if platform and value else ""


def is_image(evidence: dict) -> bool:
    media_type = str(evidence.get("media_type") or "")
    if media_type:
        return media_type.startswith("image/")
    return PurePosixPath(str(evidence.get("filename") or "").lower()).suffix in IMAGE_SUFFIXES


def contact_rows(data: dict) -> list[tuple[str, str, str]]:
    """(kind, normalised value, raw text) rows for one observation dict; unreadable entries are left out."""
    if data.get("kind") != "observation" or data.get("deleted"):
        return []
    region = str(data.get("country") or "")
    rows: dict[tuple[str, str], str] = {}
    for raw in data.get("contacts") or []:
        number = parse_phone(str(raw), region)
        if number:
            rows.setdefault((PHONE, number), str(raw))
    for raw in data.get("handles") or []:
        normal = normalise_handle(str(raw), region)
        if normal:
            rows.setdefault(normal, str(raw))
    own = own_handle(str(data.get("platform") or ""), str(data.get("seller_handle") or ""))
    if own:
        rows.setdefault((HANDLE, own), str(data.get("seller_handle") or ""))
    for item in data.get("evidence") or []:
        sha = str(item.get("sha256") or "")
        if len(sha) == 64 and is_image(item):
            rows.setdefault((IMAGE, sha), str(item.get("filename") or ""))
    return [(kind, value, raw) for (kind, value), raw in rows.items()]
