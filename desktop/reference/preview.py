"""What an import of a reference list changes: taxa added, changed and removed, and status changes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from desktop.i18n import _
from desktop.reference.imported import ImportedList
from desktop.reference.taxonomy import name_key

SHOWN = 40  # lines of each kind in the printed preview; the JSON has all of them


@dataclass
class ImportPreview:
    list_name: str
    kind: str
    jurisdiction: str
    file_name: str
    file_sha256: str
    valid_from: str
    taxa: int
    entries: int
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    status_changes: list[dict] = field(default_factory=list)  # {taxon, before, after}
    warnings: list[str] = field(default_factory=list)
    saved: bool = False

    def to_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        out = [
            _("{list} ({file}, SHA-256 {digest}), valid from {date}: {taxa} taxa, {entries} entries.").format(
                list=self.list_name,
                file=self.file_name,
                digest=self.file_sha256[:16],
                date=self.valid_from,
                taxa=self.taxa,
                entries=self.entries,
            ),
            _("Taxa added: {n}; changed: {changed}; removed: {removed}; status changes: {statuses}.").format(
                n=len(self.added),
                changed=len(self.changed),
                removed=len(self.removed),
                statuses=len(self.status_changes),
            ),
        ]
        for name in self.added[:SHOWN]:
            out.append(_("Added: {name}").format(name=name))
        for name in self.changed[:SHOWN]:
            out.append(_("Changed: {name}").format(name=name))
        for name in self.removed[:SHOWN]:
            out.append(_("Removed: {name}").format(name=name))
        for change in self.status_changes[:SHOWN]:
            out.append(
                _("Status of {name}: {before} → {after}").format(
                    name=change["taxon"], before=change["before"], after=change["after"]
                )
            )
        hidden = sum(
            max(0, len(items) - SHOWN) for items in (self.added, self.changed, self.removed, self.status_changes)
        )
        if hidden:
            out.append(_("… and {n} more (see --json).").format(n=hidden))
        out.extend(self.warnings)
        return out


def _shape(s) -> tuple:
    return (s.synonyms, s.name_en, s.name_id, s.name_ms, s.class_name, s.order, s.family, s.genus, s.rank)


def _status(ref, taxon_id: str, item: ImportedList) -> str:
    if item.kind == "cites":
        status = ref.cites_status(taxon_id, item.start)
        return status.appendix if status else "none"
    status = ref.protection_status(taxon_id, item.jurisdiction, item.start)
    return status.category if status else "unknown"


def preview(before, after, item: ImportedList, previous: ImportedList | None) -> ImportPreview:
    """Compare the lists before and after ``item`` is laid over them (``previous``: the version it replaces)."""
    result = ImportPreview(
        list_name=item.name,
        kind=item.kind,
        jurisdiction=item.jurisdiction,
        file_name=item.file_name,
        file_sha256=item.file_sha256,
        valid_from=item.valid_from,
        taxa=len(item.taxa),
        entries=len(item.entries),
        warnings=list(item.warnings),
    )
    old = {s.id: s for s in before.species}
    for s in after.species:
        was = old.get(s.id)
        if was is None:
            result.added.append(s.scientific_name)
        elif _shape(was) != _shape(s):
            result.changed.append(s.scientific_name)
        before_status = _status(before, s.id, item) if was is not None else "—"
        after_status = _status(after, s.id, item)
        if before_status != after_status and not (was is None and after_status in ("none", "unknown")):
            result.status_changes.append({"taxon": s.scientific_name, "before": before_status, "after": after_status})
    if previous is not None:
        now = {name_key(e.get("taxon", "")) for e in item.entries}
        gone = dict.fromkeys(e.get("taxon", "") for e in previous.entries if name_key(e.get("taxon", "")) not in now)
        result.removed = [name for name in gone if name]
    return result
