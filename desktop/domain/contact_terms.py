"""Words under which the full-text search finds an observation by its phone numbers and handles.

A number is indexed as written and in the ways people type it when searching:
E.164 digits ('6281234567890'), the national form ('0812-3456-7890', also as bare
digits '081234567890') and the national form without its trunk '0' (the words of the
international form '+62 812-3456-7890' after the country code), so a
search for any of '0812-3456-7890', '+62 812 3456 7890' or '6281234567890' finds
it. Handles are indexed as written and as 'platform:value' ('instagram:kicau_jaya').
Entries are read once, by :func:`desktop.domain.contacts.contact_rows`, using the
record's country for numbers written without a country code.
"""

from __future__ import annotations

from desktop.domain.contacts import IMAGE, PHONE, contact_rows


def phone_terms(e164: str) -> list[str]:
    """'+6281234567890' → ['6281234567890', '0812-3456-7890', '081234567890', '812-3456-7890'].

    The last is the national form without its trunk '0', i.e. the international form
    ('+62 812-3456-7890') less its country code, which the E.164 digits already begin with.
    """
    import phonenumbers  # loaded with the first number, not with every start-up

    national = phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.NATIONAL)
    digits = "".join(ch for ch in national if ch.isdigit())
    return [e164.lstrip("+"), national, digits, national[1:] if national.startswith("0") else ""]


def contact_terms(data: dict) -> list[str]:
    """The search words for an observation dict's ``contacts`` and ``handles``: each as written,
    plus the forms of the same entries that the link suggestions read (``contact_rows``)."""
    written = [str(raw) for raw in [*(data.get("contacts") or []), *(data.get("handles") or [])]]
    terms = list(written)
    for kind, value, raw in contact_rows(data):
        if kind == PHONE:
            terms += phone_terms(value)
        elif kind != IMAGE and raw in written:  # not the seller's own handle, already indexed
            terms.append(value)
    return terms
