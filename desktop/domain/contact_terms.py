"""Words under which the full-text search finds an observation by its phone numbers and handles.

A number is indexed as written and in the ways people type it when searching:
E.164 digits ('6281234567890'), the national form ('0812-3456-7890', also as bare
digits '081234567890') and the national form without its trunk '0' (the words of the
international form '+62 812-3456-7890' after the country code), so a
search for any of '0812-3456-7890', '+62 812 3456 7890' or '6281234567890' finds
it. Handles are indexed as written and as 'platform:value' ('instagram:kicau_jaya').
Numbers are read with :func:`desktop.intel.contacts.parse_phone`, using the
record's country for numbers written without a country code.
"""

from __future__ import annotations

import phonenumbers

from desktop.intel.contacts import PHONE, normalise_handle, parse_phone



def phone_terms(e164: str) -> list[str]:
    """'+6281234567890' → ['6281234567890', '0812-3456-7890', '081234567890', '812-3456-7890'].

    The last is the national form without its trunk '0', i.e. the international form
    ('+62 812-3456-7890') less its country code, which the E.164 digits already begin with.
    """
    national = phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.NATIONAL)
    digits = "".join(ch for ch in national if ch.isdigit())
    return [e164.lstrip("+"), national, digits, national[1:] if national.startswith("0") else ""]


def contact_terms(data: dict) -> list[str]:
    """The search words for an observation dict's ``contacts`` and ``handles``."""
    region = str(data.get("country") or "")
    terms: list[str] = []
    for raw in data.get("contacts") or []:
        number = parse_phone(str(raw), region)
        terms += [str(raw)] + (phone_terms(number) if number else [])
    for raw in data.get("handles") or []:
        normal = normalise_handle(str(raw), region)
        terms.append(str(raw))
        if normal:
            terms += phone_terms(normal[1]) if normal[0] == PHONE else [normal[1]]
    return terms
