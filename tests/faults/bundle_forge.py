"""A coordinator, a trusted device and a small real bundle, plus a forger that re-signs changed
contents with the device's own key (so only validation, not the signature, can refuse them)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pyrage

from desktop.db.audit import GENESIS, entry_hash
from desktop.domain.canonical import canonical_json
from desktop.domain.records import QuestionnaireResponse, Seizure, SeizureItem
from desktop.store import Store
from desktop.sync import bundle, importer, keys, signing
from desktop.sync.devices import approve
from desktop.sync.errors import BundleError
from desktop.sync.export import export_bundle
from desktop.sync.zipsafe import build_zip
from tests.sync.conftest import Homes, counts, give_card, observation, zip_entries

NAME = "fuzz.pantau"
AT = "2026-01-01T00:00:00.000000Z"


@dataclass
class World:
    coord: Store
    dev: Store
    key: keys.SigningKey
    encrypted: bytes  # the bundle as exported (age-encrypted zip)
    plain: bytes  # its decrypted zip
    entries: dict[str, bytes]
    manifest: dict
    records: list[dict]

    def __repr__(self) -> str:
        return "World()"

    def inspect(self, data: bytes) -> BundleError | None:
        """Every import check, writing nothing: None when accepted, else the typed refusal."""
        try:
            importer.inspect(self.coord, data, NAME)
        except BundleError as exc:
            assert isinstance(exc.message, str) and exc.message.strip(), "empty refusal message"
            assert "Traceback" not in exc.message and exc.code, exc.message
            return exc
        return None

    def evidence(self) -> dict[str, bytes]:
        return {n: d for n, d in self.entries.items() if n.startswith(bundle.EVIDENCE_PREFIX)}

    def seal(
        self,
        records: list[dict] | None = None,
        *,
        lines: list[str] | None = None,
        manifest: dict | None = None,
        body: bytes | None = None,
        extra: list | None = None,
        encrypt: bool = False,
    ) -> bytes:
        """A bundle signed by the device with these records (or raw record ``lines``), a matching
        audit chain and counts; ``body`` replaces manifest.json; ``extra`` adds zip entries."""
        records = self.records if records is None and lines is None else records
        if lines is None:
            lines = [canonical_json(r) for r in records]
        ids = (
            [(r.get("kind"), r.get("id")) for r in records]
            if records is not None
            else [(r["kind"], r["id"]) for r in self.records[: len(lines)]]
        )
        audit = audit_chain(lines, ids, self.dev.device_id)
        entries = [
            (bundle.DEVICE_PUB, signing.public_key_file(self.key.public), False),
            (bundle.RECORDS, "".join(line + "\n" for line in lines).encode("utf-8"), True),
            (bundle.AUDIT, "".join(line + "\n" for line in audit).encode("utf-8"), True),
        ]
        entries += [(name, data, False) for name, data in sorted(self.evidence().items())] + (extra or [])
        m = dict(self.manifest if manifest is None else manifest)
        kinds = [kind for kind, _id in ids]
        if isinstance(m.get("counts", {}), dict):  # a manifest under test may give wrong ones
            m["counts"] = dict(
                m.get("counts", {}),
                audit_entries=len(audit),
                **{k: kinds.count(k) for k in ("observation", "seizure", "response")},
            )
        if isinstance(m.get("audit_head"), dict):  # the forger signs the head of the chain it made
            last = json.loads(audit[-1]) if audit else None
            after = (m.get("range") or {}).get("after_audit_seq", 0) if isinstance(m.get("range"), dict) else 0
            m["audit_head"] = {"seq": last["seq"], "hash": last["hash"]} if last else {"seq": after, "hash": GENESIS}
        if isinstance(m.get("files", {}), dict):
            m["files"] = {name: hashlib.sha256(data).hexdigest() for name, data, _c in entries}
        if isinstance(m.get("sizes", {}), dict):  # the signed sizes: hard limits while streaming
            m["sizes"] = {name: len(data) for name, data, _c in entries}
        body = bundle.manifest_bytes(m) if body is None else body
        signature = self.key.sign(body, "fuzz")
        data = build_zip([(bundle.MANIFEST, body, False), (bundle.SIGNATURE, signature, False)] + entries)
        if encrypt:
            data = pyrage.encrypt(data, [c.recipient() for c in keys.imported_cards(self.dev.home)])
        return data

    def fingerprint(self) -> tuple:
        """Row counts, evidence files and the bytes of the coordinator's database files."""
        files = tuple(
            hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
            for p in (self.coord.path, Path(str(self.coord.path) + "-wal"))
        )
        return counts(self.coord), files


def audit_chain(lines: list[str], ids: list[tuple], device_id: str) -> list[str]:
    out, prev = [], GENESIS
    for seq, (line, (kind, record_id)) in enumerate(zip(lines, ids), start=1):
        entry = {
            "seq": seq,
            "at": AT,
            "device_id": device_id,
            "officer_id": "F-1",
            "officer_name": "Fuzz",
            "action": "create",
            "record_kind": kind if isinstance(kind, str) else "observation",
            "record_id": record_id if isinstance(record_id, str) else str(record_id),
            "revision": 1,
            "old_value": None,
            "new_value": line,
        }
        entry["prev_hash"], entry["hash"] = prev, entry_hash(prev, entry)
        prev = entry["hash"]
        out.append(canonical_json(entry))
    return out


def make_world(root: Path, ref) -> tuple[World, Homes]:
    homes = Homes(root, ref)
    coord = homes.coordinator()
    dev = homes.device("dev")
    give_card(coord, dev)
    dev.save(observation(100))
    importer.import_paths(coord, [export_bundle(dev, root / "b1").path])  # quarantined, then trusted
    approve(coord, keys.device_signing_key(dev.home).fingerprint)
    shot = root / "shot.jpg"
    shot.write_bytes(b"\xff\xd8\xff fuzz evidence")
    rec = observation(1)
    rec.evidence = [dev.evidence.add_file(shot, "Officer dev", dev.device_id)]
    dev.save(rec)
    dev.save(observation(2, contacts=["0812 3456 7890"], handles=["ig:kicau_jaya"]))
    today = dt.date.today().isoformat()
    dev.save(
        Seizure(
            seizure_date=today,
            country="MY",
            subdivision="MY-01",
            place="Johor port",
            case_reference="JB-1",
            suspects_count=2,
            estimated_value="50000",
            currency="MYR",
            items=[SeizureItem(species_id="manis-javanica", term="SCA", quantity="12.5", unit="KIL")],
        )
    )
    dev.save(
        QuestionnaireResponse(
            form_id="needs_assessment",
            form_version="2026.1",
            language="en",
            respondent_country="ID",
            respondent_agency="police",
            status="draft",
            answers={"online_cases_handled": "yes"},
        )
    )
    encrypted = export_bundle(dev, root / "b2").path.read_bytes()
    plain = pyrage.decrypt(encrypted, keys.coordinator_identities(coord.home))
    entries = zip_entries(plain)
    records = [json.loads(line) for line in entries[bundle.RECORDS].decode().splitlines()]
    world = World(
        coord,
        dev,
        keys.device_signing_key(dev.home),
        encrypted,
        plain,
        entries,
        json.loads(entries[bundle.MANIFEST]),
        records,
    )
    return world, homes
