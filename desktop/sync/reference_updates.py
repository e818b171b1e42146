"""The coordinator's imported reference lists: importing them, and carrying them to devices in update packs.

``reference_update_files(store)`` gives the imported lists as files for an update pack (to be put under
``reference/``); ``apply_reference_update(store, files)`` installs them on a device in one transaction,
recorded in the audit log, and returns the changes as lines to show. Every device that applies the same
pack shows the same badges.
"""

from __future__ import annotations

import hashlib
import json

from desktop.domain.ids import utc_now
from desktop.i18n import _
from desktop.reference.imported import ImportedList, overlay
from desktop.reference.preview import ImportPreview, preview
from desktop.reference.species_plus import ReferenceImportError

INDEX = "index.json"
AUDIT_KIND = "reference_list"
ReferenceUpdateError = ReferenceImportError  # the name the first update-pack code knew


def stored_lists(store) -> list[ImportedList]:
    return [ImportedList.from_json(row["content"]) for row in store.queries.reference.imported_lists()]


def _row(item: ImportedList, content: str) -> dict:
    return {
        "name": item.name,
        "kind": item.kind,
        "jurisdiction": item.jurisdiction,
        "source": item.source,
        "file_name": item.file_name,
        "file_sha256": item.file_sha256,
        "imported_at": item.imported_at,
        "valid_from": item.valid_from,
        "content": content,
    }


def _audit(store, action: str, name: str, revision: int, summary: dict) -> None:
    writer = store.queries.audit.AuditWriter()
    writer.add(
        at=utc_now(),
        actor=store.actor,
        action=action,
        kind=AUDIT_KIND,
        record_id=name,
        revision=revision,
        old_value=None,
        new_value=json.dumps(summary, ensure_ascii=False, sort_keys=True),
    )
    writer.flush()


def import_reference_list(store, item: ImportedList, dry_run: bool = False) -> ImportPreview:
    """Preview ``item`` laid over the store's lists; unless ``dry_run``, save it (with its source, file hash
    and date, in the audit log too) and use the new lists at once."""
    existing = stored_lists(store)
    previous = next((old for old in reversed(existing) if old.name == item.name), None)
    if previous is not None and previous.valid_from > item.valid_from:
        raise ReferenceImportError(
            _(
                "{list} was already imported valid from {date}; a new version must be valid from that date or later."
            ).format(list=item.name, date=previous.valid_from)
        )
    after = overlay(store.builtin_ref, [*existing, item])
    result = preview(store.ref, after, item, previous)
    if dry_run:
        return result
    summary = {k: v for k, v in result.to_dict().items() if k not in ("added", "changed", "removed", "status_changes")}
    summary.update(
        added=len(result.added),
        changed=len(result.changed),
        removed=len(result.removed),
        status_changes=len(result.status_changes),
    )
    with store.transaction():
        store.queries.reference.add_imported_list(_row(item, item.to_json()))
        store.queries.reference.load_reference_tables(after.table_rows())
        _audit(store, "import", item.name, sum(1 for old in existing if old.name == item.name) + 1, summary)
    store.set_reference(after)
    result.saved = True
    return result


def _file_name(index: int, item: ImportedList) -> str:
    safe = "".join(ch if ch.isalnum() else "-" for ch in item.name.lower()).strip("-") or "list"
    return f"{index:04d}-{safe}-{item.valid_from}.json"


def reference_update_files(store) -> dict[str, bytes]:
    """The coordinator's imported lists as update-pack files (names relative to ``reference/``): one JSON
    file per imported version plus ``index.json`` naming them in order with their SHA-256."""
    rows = store.queries.reference.imported_lists()
    if not rows:
        return {}
    files: dict[str, bytes] = {}
    index = []
    for number, row in enumerate(rows, start=1):
        item = ImportedList.from_json(row["content"])
        name = _file_name(number, item)
        data = row["content"].encode("utf-8")
        files[name] = data
        index.append(
            {
                "file": name,
                "sha256": hashlib.sha256(data).hexdigest(),
                "name": item.name,
                "valid_from": item.valid_from,
                "source_sha256": item.file_sha256,
            }
        )
    files[INDEX] = json.dumps({"format": 1, "lists": index}, ensure_ascii=False, sort_keys=True, indent=1).encode(
        "utf-8"
    )
    return files


def _received(files: dict[str, bytes]) -> list[tuple[ImportedList, str]]:
    plain = {name.split("reference/", 1)[-1]: data for name, data in files.items()}
    if INDEX not in plain:
        raise ReferenceImportError(_("The update pack's reference lists have no index.json."))
    try:
        index = json.loads(plain[INDEX])
        entries = index["lists"]
        out = []
        for entry in entries:
            data = plain.get(entry["file"])
            if data is None:
                raise ReferenceImportError(
                    _("The update pack's reference list {file} is missing.").format(file=entry["file"])
                )
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:
                raise ReferenceImportError(
                    _("The update pack's reference list {file} is damaged (its SHA-256 does not match).").format(
                        file=entry["file"]
                    )
                )
            text = data.decode("utf-8")
            out.append((ImportedList.from_json(text), text))
        return out
    except ReferenceImportError:
        raise
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise ReferenceImportError(
            _("The update pack's reference lists cannot be read ({reason}).").format(reason=str(exc))
        ) from None


def apply_reference_update(store, files: dict[str, bytes]) -> list[str]:
    """Install the coordinator's lists from an update pack: all or nothing, recorded in the audit log.
    Returns the changes as lines to show ([] when the device already has exactly these lists)."""
    if not files:
        return []  # the coordinator has imported no lists: the device keeps its own
    received = _received(files)
    current = [row["content"] for row in store.queries.reference.imported_lists()]
    if current == [text for _item, text in received]:
        return []
    before = store.ref
    items = [item for item, _text in received]
    after = overlay(store.builtin_ref, items)
    lines: list[str] = []
    known = set(current)
    for item, text in received:
        if text in known:
            continue
        lines.append(
            _("Reference list {list} ({file}), valid from {date}: {n} entries.").format(
                list=item.name, file=item.file_name, date=item.valid_from, n=len(item.entries)
            )
        )
    changes = 0
    for s in after.species:
        for item in {i.name: i for i in items}.values():
            old = _badge(before, s.id, item)
            new = _badge(after, s.id, item)
            if old != new:
                changes += 1
                if changes <= 40:
                    lines.append(
                        _("Status of {name}: {before} → {after}").format(name=s.scientific_name, before=old, after=new)
                    )
    if changes > 40:
        lines.append(_("… and {n} more status changes.").format(n=changes - 40))
    with store.transaction():
        store.queries.reference.replace_imported_lists([_row(item, text) for item, text in received])
        store.queries.reference.load_reference_tables(after.table_rows())
        _audit(
            store,
            "update",
            "reference-lists",
            len(received),
            {"lists": [i.name + " " + i.valid_from for i in items], "status_changes": changes},
        )
    store.set_reference(after)
    return lines


def _badge(ref, taxon_id: str, item: ImportedList) -> str:
    if item.kind == "cites":
        return ref.cites_appendix(taxon_id)
    status = ref.protection_status(taxon_id, item.jurisdiction)
    return status.category if status else "unknown"
