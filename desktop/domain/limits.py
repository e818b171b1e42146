"""Field size limits, applied wherever a record comes in: when it is entered or saved (the
validator), when a spreadsheet is imported (the same validator) and when a bundle is checked at the
coordinator (the same validator, after the bundle's own line limit). Documented in
docs/bundle-format.md ("Field limits").

- ``notes`` and other long free text (``LONG_FIELDS``, questionnaire answers): 20,000 characters;
- web addresses: 8,192 characters;
- every other text value (names, places, handles, references, codes): 10,000 characters;
- lists (contacts, handles, species lines, items, evidence, answers' repeats): 500 entries.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass

from desktop.domain.validation import Problem
from desktop.i18n import _

LONG_TEXT = 20_000
URL_TEXT = 8_192
SHORT_TEXT = 10_000
LIST_ITEMS = 500
LONG_FIELDS = frozenset({"notes", "description", "narrative", "comment", "remarks", "answers"})
URL_FIELDS = frozenset({"url", "urls", "link"})


def limit_for(name: str) -> int:
    if name in LONG_FIELDS:
        return LONG_TEXT
    if name in URL_FIELDS:
        return URL_TEXT
    return SHORT_TEXT


def _walk(value, name: str, limit: int, out: list[Problem]) -> None:
    if isinstance(value, str):
        if len(value) > limit:
            out.append(
                Problem(
                    name,
                    _("{field} is too long: {n} characters, at most {limit} are allowed.").format(
                        field=name, n=len(value), limit=limit
                    ),
                )
            )
    elif isinstance(value, (list, tuple)):
        if len(value) > LIST_ITEMS:
            out.append(
                Problem(
                    name,
                    _("{field} has too many entries: {n}, at most {limit} are allowed.").format(
                        field=name, n=len(value), limit=LIST_ITEMS
                    ),
                )
            )
        for item in value:
            _walk(item, name, limit, out)
    elif isinstance(value, dict):
        for key, item in value.items():
            _walk(item, name, max(limit, limit_for(key)) if name in LONG_FIELDS else limit_for(key), out)
    elif is_dataclass(value):
        for f in fields(value):
            _walk(getattr(value, f.name), f.name, limit_for(f.name), out)


def check(record) -> list[Problem]:
    """A problem for every text value of ``record`` longer than its limit (and overlong lists)."""
    out: list[Problem] = []
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, (str, list, dict, tuple)) or is_dataclass(value):
            _walk(value, f.name, limit_for(f.name), out)
    return out
