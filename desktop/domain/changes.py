"""Field-level differences between two revisions of a record (for the history view)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.records import ENVELOPE_FIELDS

SHOWN_ENVELOPE = ("deleted",)


@dataclass(frozen=True)
class Change:
    field: str  # "price", "species[1].quantity", "evidence[0]"
    before: object
    after: object


def _flatten(data: dict | None) -> dict[str, object]:
    out: dict[str, object] = {}
    for key, value in (data or {}).items():
        if key in ENVELOPE_FIELDS and key not in SHOWN_ENVELOPE:
            continue
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, dict):
                    for sub, sub_value in item.items():
                        out[f"{key}[{i}].{sub}"] = sub_value
                else:
                    out[f"{key}[{i}]"] = item
        elif isinstance(value, dict):
            for sub, sub_value in value.items():
                out[f"{key}.{sub}"] = sub_value
        else:
            out[key] = value
    return out


def _empty(value) -> bool:
    return value in (None, "", False, 0) and value is not True


def field_changes(old: dict | None, new: dict | None) -> list[Change]:
    """Every field whose value differs between ``old`` and ``new`` (record dicts), in field order.

    A field that is absent on one side and empty on the other is not a change.
    """
    before, after = _flatten(old), _flatten(new)
    names = list(dict.fromkeys([*before, *after]))
    changes = []
    for name in names:
        a, b = before.get(name), after.get(name)
        if a == b or (_empty(a) and _empty(b)):
            continue
        changes.append(Change(name, a, b))
    return changes
