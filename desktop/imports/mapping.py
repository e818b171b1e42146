"""Which spreadsheet column fills which Pantau field.

:func:`propose` reads the header row and proposes a mapping: exact field names first, then the
column names of Pantau's own exports, then case, spacing and punctuation variants, then header
words in English, Indonesian and Malay, then fuzzy matches (rapidfuzz). The user's own choices
(``--map``, a mapping file, the wizard, or the mapping remembered for the same header set) win
over every proposal. Columns mapped to nothing are listed as ignored with the reason.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz, process

from desktop.errors import PantauError
from desktop.i18n import N_, _, translated
from desktop.imports.fields import EXPORT_HEADERS, EXPORT_IGNORED, FIELDS, HEADER_WORDS, MULTI
from desktop.reference.normalise import words

FUZZY_CUTOFF = 86
IGNORE_WORDS = {"", "-", "ignore", "none", "abaikan"}
# How a column came to its field (untranslated; shown translated).
HOW = {
    "yours": N_("your choice"),
    "remembered": N_("remembered from an earlier import"),
    "exact": N_("same name"),
    "export": N_("Pantau export column"),
    "variant": N_("same name, other spelling"),
    "word": N_("header word"),
    "fuzzy": N_("similar name"),
}
WHY_IGNORED = {
    "unknown": N_("no Pantau field has this name"),
    "export": N_("derived column of Pantau's export (read from the code beside it)"),
    "yours": N_("ignored by your choice"),
    "taken": N_("its field is already filled from another column"),
    "empty": N_("the column has no name"),
}


class MappingError(PantauError):
    """A column mapping that cannot be used (unknown field or column, no date column)."""


def norm(text: str) -> str:
    """'Observed_At ' → 'observed at': folded words joined by single spaces."""
    return " ".join(words(str(text or "")))


def header_key(headers: list[str]) -> str:
    """The key under which a mapping is remembered: the header set, normalised, in order."""
    return hashlib.sha256("\x1f".join(norm(h) for h in headers).encode()).hexdigest()[:32]


@dataclass
class Mapping:
    kind: str
    headers: list[str]
    columns: dict[int, str] = field(default_factory=dict)  # column index -> field
    how: dict[int, str] = field(default_factory=dict)  # column index -> HOW key (or "fuzzy:NN")
    ignored: dict[int, str] = field(default_factory=dict)  # column index -> WHY_IGNORED key
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {their value: Pantau value}

    def field_columns(self, name: str) -> list[int]:
        return [i for i, f in self.columns.items() if f == name]

    def has(self, name: str) -> bool:
        return name in self.columns.values()

    def how_text(self, index: int) -> str:
        key = self.how.get(index, "")
        if key.startswith("fuzzy:"):
            return _("similar name ({score}%)").format(score=key.split(":", 1)[1])
        return _(HOW[key]) if key in HOW else ""

    def why_ignored(self, index: int) -> str:
        return translated(WHY_IGNORED[self.ignored.get(index, "unknown")])

    def as_json(self) -> dict:
        """The form a mapping file (``--map-file``) and the remembered mappings use."""
        return {
            "kind": self.kind,
            "columns": {self.headers[i]: f for i, f in sorted(self.columns.items())},
            "ignore": [self.headers[i] for i in sorted(self.ignored) if self.headers[i]],
            "values": self.values,
        }

    def lines(self) -> list[str]:
        """The mapping as text lines (``--show-mapping``)."""
        labels = FIELDS[self.kind]
        out = [_("Records: {kind}").format(kind=self.kind)]
        for i, name in sorted(self.columns.items()):
            out.append(
                _("  {column} → {field} ({label}; {how})").format(
                    column=self.headers[i], field=name, label=_(labels[name]), how=self.how_text(i)
                )
            )
        if self.ignored:
            out.append(_("Ignored columns:"))
            for i in sorted(self.ignored):
                out.append(_("  {column}: {why}").format(column=self.headers[i] or "—", why=self.why_ignored(i)))
        unmapped = [f for f in labels if not self.has(f) and f not in ("record_id", "device_id")]
        if unmapped:
            out.append(_("Pantau fields not filled from any column: {fields}").format(fields=", ".join(unmapped)))
        return out


def _propose_kind(headers: list[str], kind: str) -> Mapping:
    targets = FIELDS[kind]
    mapping = Mapping(kind, list(headers))
    normed = [norm(h) for h in headers]
    word_index: dict[str, str] = {}
    for name in targets:
        word_index.setdefault(norm(name), name)
    for name, phrases in HEADER_WORDS.items():
        if name in targets:
            for phrase in phrases:
                word_index.setdefault(norm(phrase), name)

    def take(i: int, name: str, how: str) -> None:
        if name not in MULTI and mapping.has(name):
            return
        mapping.columns[i] = name
        mapping.how[i] = how

    passes = [
        ("exact", lambda i: headers[i].strip() if headers[i].strip() in targets else None),
        ("export", lambda i: EXPORT_HEADERS.get(headers[i].strip())),
        ("variant", lambda i: next((f for f in targets if norm(f) == normed[i]), None)),
        ("word", lambda i: word_index.get(normed[i])),
    ]
    for how, find in passes:
        for i in range(len(headers)):
            if i in mapping.columns or not normed[i]:
                continue
            if headers[i].strip() in EXPORT_IGNORED:
                mapping.ignored[i] = "export"
                continue
            found = find(i)
            if found:
                take(i, found, how)
    choices = list(word_index)
    for i in range(len(headers)):
        if i in mapping.columns or i in mapping.ignored or not normed[i]:
            continue
        best = process.extractOne(normed[i], choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best:
            take(i, word_index[best[0]], f"fuzzy:{int(best[1])}")
    for i in range(len(headers)):
        if i not in mapping.columns and i not in mapping.ignored:
            mapping.ignored[i] = "unknown" if normed[i] else "empty"
            if (
                normed[i]
                and word_index.get(normed[i])
                or any(f == EXPORT_HEADERS.get(headers[i].strip()) for f in mapping.columns.values())
            ):
                mapping.ignored[i] = "taken"
    return mapping


def _date_field(kind: str) -> str:
    return "observed_at" if kind == "observation" else "seizure_date"


def propose(headers: list[str], kind: str | None = None) -> Mapping:
    """The proposed mapping of ``headers``; without ``kind`` the kind whose date column is found."""
    if kind:
        return _propose_kind(headers, kind)
    options = [_propose_kind(headers, k) for k in ("observation", "seizure")]
    # A column named for seizures wins over the shared word 'date'.
    options.sort(key=lambda m: (not m.has(_date_field(m.kind)), -_strength(m)))
    return options[0]


def _strength(mapping: Mapping) -> int:
    strong = {"exact", "export", "variant"}
    return sum(2 if mapping.how.get(i) in strong else 1 for i in mapping.columns)


def _find_column(mapping: Mapping, column: str) -> int:
    for i, header in enumerate(mapping.headers):
        if header == column:
            return i
    for i, header in enumerate(mapping.headers):
        if norm(header) == norm(column):
            return i
    raise MappingError(
        _("The file has no column '{column}'. Its columns: {columns}.").format(
            column=column, columns=", ".join(h for h in mapping.headers if h)
        )
    )


def apply_choices(mapping: Mapping, columns: dict[str, str], how: str = "yours") -> Mapping:
    """Set ``{their column: field}`` choices ('' or 'ignore' ignores the column)."""
    targets = FIELDS[mapping.kind]
    for column, name in columns.items():
        i = _find_column(mapping, column)
        name = (name or "").strip()
        if name.lower() in IGNORE_WORDS:
            mapping.columns.pop(i, None)
            mapping.how.pop(i, None)
            mapping.ignored[i] = "yours"
            continue
        if name not in targets:
            raise MappingError(
                _("'{field}' is not a Pantau field for {kind} records. Fields: {fields}.").format(
                    field=name, kind=mapping.kind, fields=", ".join(targets)
                )
            )
        if name not in MULTI:
            for other in mapping.field_columns(name):
                if other != i:
                    del mapping.columns[other]
                    mapping.how.pop(other, None)
                    mapping.ignored[other] = "taken"
        mapping.columns[i] = name
        mapping.how[i] = how
        mapping.ignored.pop(i, None)
    return mapping


def parse_map_options(options: list[str]) -> dict[str, str]:
    """``["Their column=field", …]`` (from ``--map``) as a dict."""
    out: dict[str, str] = {}
    for option in options:
        column, sep, name = option.rpartition("=")
        if not sep or not column.strip():
            raise MappingError(
                _("'{option}' is not a column mapping; write it as \"Their column=field\".").format(option=option)
            )
        out[column.strip()] = name.strip()
    return out


def parse_value_options(options: list[str]) -> dict[str, dict[str, str]]:
    """``["field:Their value=Pantau value", …]`` (from ``--value``) as {field: {their value: value}}."""
    out: dict[str, dict[str, str]] = {}
    for option in options:
        head, sep, value = option.rpartition("=")
        name, colon, theirs = head.partition(":")
        if not sep or not colon or not name.strip():
            raise MappingError(
                _("'{option}' is not a value mapping; write it as \"field:Their value=Pantau value\".").format(
                    option=option
                )
            )
        out.setdefault(name.strip(), {})[theirs.strip()] = value.strip()
    return out


def read_map_file(path) -> dict:
    """A mapping file: ``{"columns": {…}, "values": {…}, "kind": …}`` or just ``{"Their column": "field"}``."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise MappingError(
            _("The mapping file {path} cannot be read: {reason}").format(path=path, reason=exc)
        ) from None
    if not isinstance(data, dict):
        raise MappingError(_("The mapping file {path} must hold a JSON object.").format(path=path))
    if "columns" not in data and "values" not in data:
        data = {"columns": data}
    return {
        "kind": data.get("kind") if data.get("kind") in FIELDS else None,
        "columns": {str(k): str(v or "") for k, v in (data.get("columns") or {}).items()},
        "ignore": [str(c) for c in data.get("ignore") or []],
        "values": {
            str(f): {str(k): str(v) for k, v in (table or {}).items()}
            for f, table in (data.get("values") or {}).items()
        },
    }


def build_mapping(
    headers: list[str], kind: str | None = None, remembered: dict | None = None, chosen: dict | None = None
) -> Mapping:
    """The proposal, then the remembered mapping for this header set, then the user's choices."""
    chosen = chosen or {}
    kind = kind or chosen.get("kind") or (remembered or {}).get("kind") or None
    mapping = propose(headers, kind)
    for source, how in ((remembered, "remembered"), (chosen, "yours")):
        if not source:
            continue
        if source.get("kind") and source["kind"] != mapping.kind and source is remembered:
            continue
        known = {c: f for c, f in (source.get("columns") or {}).items() if how == "yours" or c in headers}
        apply_choices(mapping, known, how)
        apply_choices(mapping, {c: "" for c in source.get("ignore") or [] if how == "yours" or c in headers}, how)
        for name, table in (source.get("values") or {}).items():
            mapping.values.setdefault(name, {}).update(table)
    date = _date_field(mapping.kind)
    if not mapping.has(date):
        raise MappingError(
            _(
                'No column gives the date ({field}). Name the column with --map "Their column={field}". '
                "The file's columns: {columns}."
            ).format(field=date, columns=", ".join(h for h in headers if h))
        )
    return mapping


def _remember_path(home) -> Path:
    return Path(home.root) / "import_mappings.json"


def remembered_mapping(home, headers: list[str]) -> dict | None:
    """The mapping last used for this header set in ``home`` (None if none)."""
    if home is None:
        return None
    try:
        data = json.loads(_remember_path(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    entry = data.get(header_key(headers)) if isinstance(data, dict) else None
    return entry if isinstance(entry, dict) else None


def remember_mapping(home, mapping: Mapping) -> None:
    """Keep ``mapping`` for the next file with the same header set."""
    if home is None:
        return
    path = _remember_path(home)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            data = {}
    except (OSError, ValueError):
        data = {}
    data[header_key(mapping.headers)] = mapping.as_json()
    tmp = path.with_suffix(".json.partial")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
