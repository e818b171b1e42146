"""Build tests/fixtures/migrations/v{N}.sqlite: for every schema version N, a small database with
migrations 1..N applied and records of each kind written the way version N stored them (only the
body fields and columns that existed then), with their hash-chained audit log.

    python scripts/make_migration_fixtures.py          # (re)writes every fixture; commit them

Run it when a migration is added, so that the new previous version gets its fixture. Everything is
fixed (ids, times), so re-running it gives the same rows. tests/faults/test_migration_fixtures.py
opens a copy of each with the current Pantau and checks that every record is intact.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlite_utils  # noqa: E402

from desktop.db import intel_sql  # noqa: E402
from desktop.db.audit import CONTENT, GENESIS, entry_hash  # noqa: E402
from desktop.db.migrations import MIGRATIONS  # noqa: E402
from desktop.db.records import FTS_TABLES, LINE_FIELDS, TABLES  # noqa: E402
from desktop.domain.canonical import canonical_json  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "migrations"
DEVICE = "0190f000-0000-7000-8000-0000000f1x70"
OFFICER = {"officer_id": "F-7", "officer_name": "Fixture Officer"}
# Body fields a version stored first (earlier versions' bodies lack them).
ADDED_IN = {
    2: {"observation": ("evidence",), "seizure": ("evidence",)},
    4: {
        "observation": (
            "contacts",
            "handles",
            "session_id",
            "keyword",
            "followup_due",
            "followup_outcome",
            "followup_checked_on",
        )
    },
}
EVIDENCE = [
    {
        "sha256": "5" * 64,
        "filename": "advert.jpg",
        "media_type": "image/jpeg",
        "size": 2048,
        "added_at": "2025-05-02T08:00:00.000000Z",
        "added_by": "Fixture Officer",
        "device_id": DEVICE,
    }
]


def _envelope(record_id: str, kind: str, revision: int, at: str, deleted: bool = False) -> dict:
    return {
        "id": record_id,
        "kind": kind,
        "revision": revision,
        "created_at": "2025-05-01T08:00:00.000000Z",
        "updated_at": at,
        "device_id": DEVICE,
        "deleted": deleted,
        **OFFICER,
    }


def _observation(n: int, **kw) -> dict:
    data = {
        "observed_at": f"2025-05-0{n}",
        "platform": "facebook",
        "country": "ID",
        "url": f"https://www.facebook.com/groups/kicau/posts/{n}",
        "group_name": "Kicau Mania",
        "seller_handle": f"seller{n}",
        "seller_name": f"Seller {n}",
        "price": "1500000",
        "currency": "IDR",
        "price_text": "1,5 jt",
        "seller_location": "ID-JK",
        "reported": n == 1,
        "reported_on": "2025-05-03" if n == 1 else "",
        "removed": False,
        "account_locked": False,
        "notes": f"note {n}",
        "species": [
            {
                "species_id": "kittacincla-malabarica",
                "other_name": "",
                "specimen": "live",
                "quantity": "2",
                "unit": "",
                "term": "",
            }
        ],
        "evidence": EVIDENCE if n == 1 else [],
        "contacts": ["0812 3456 7890"] if n == 1 else [],
        "handles": ["ig:kicau_jaya"] if n == 1 else [],
        "session_id": "",
        "keyword": "murai",
        "followup_due": "2025-05-17" if n == 1 else "",
        "followup_outcome": "",
        "followup_checked_on": "",
    }
    data.update(kw)
    return data


SEIZURE = {
    "seizure_date": "2025-04-20",
    "country": "MY",
    "subdivision": "MY-01",
    "place": "Johor port",
    "agency": "customs",
    "case_reference": "JB-2025-1",
    "detection_method": "x-ray",
    "transport_mode": "sea",
    "concealment_method": "",
    "origin_country": "ID",
    "destination_country": "MY",
    "transit_countries": "",
    "offender_nationality": "MY",
    "suspects_count": 2,
    "suspects_initials": "A.B.",
    "estimated_value": "50000",
    "currency": "MYR",
    "legal_status": "charged",
    "law_sections": "s. 68",
    "notes": "scales in sacks",
    "evidence": [],
    "items": [{"species_id": "manis-javanica", "other_name": "", "term": "SCA", "quantity": "12.5", "unit": "KIL"}],
}
RESPONSE = {
    "form_id": "needs_assessment",
    "form_version": "2026.1",
    "language": "en",
    "respondent_country": "ID",
    "respondent_agency": "police",
    "respondent_role": "senior",
    "status": "complete",
    "workshop_id": "",
    "answers": {"online_cases_handled": "yes", "years_service": 12},
}

OBS1, OBS2, SEIZ, RESP = (f"0190f000-0000-7000-8000-00000000000{i}" for i in range(1, 5))


def history() -> list[tuple[str, dict]]:
    """(action, full current-format record) in the order they were saved."""
    at = "2025-05-0{d}T09:00:00.000000Z".format
    return [
        ("create", {**_envelope(OBS1, "observation", 1, at(d=1)), **_observation(1)}),
        ("create", {**_envelope(OBS2, "observation", 1, at(d=2)), **_observation(2)}),
        ("create", {**_envelope(SEIZ, "seizure", 1, at(d=3)), **SEIZURE}),
        ("create", {**_envelope(RESP, "response", 1, at(d=4)), **RESPONSE}),
        ("update", {**_envelope(OBS1, "observation", 2, at(d=5)), **_observation(1, notes="edited note")}),
        ("delete", {**_envelope(OBS2, "observation", 2, at(d=6), deleted=True), **_observation(2)}),
    ]


def stored_as(version: int, data: dict) -> dict:
    """The record body as version ``version`` wrote it."""
    later = {name for v, kinds in ADDED_IN.items() if v > version for name in kinds.get(data["kind"], ())}
    return {k: v for k, v in data.items() if k not in later}


def expected(version: int) -> dict[str, dict]:
    """Every record's final body in a database of that version, by id."""
    return {data["id"]: stored_as(version, data) for _action, data in history()}


def _write_row(conn: sqlite3.Connection, version: int, data: dict, seq: int, body: str) -> None:
    kind, table = data["kind"], TABLES[data["kind"]]
    columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    values = dict(data, change_seq=seq, body=body)
    row = [int(values.get(c)) if isinstance(values.get(c), bool) else values.get(c) for c in columns]
    old = conn.execute(f"SELECT rowid FROM {table} WHERE id = ?", (data["id"],)).fetchone()
    if old and kind in FTS_TABLES:
        conn.execute(f"DELETE FROM {FTS_TABLES[kind]} WHERE rowid = ?", old)
    conn.execute(f"DELETE FROM {table} WHERE id = ?", (data["id"],))
    rowid = conn.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", row
    ).lastrowid
    conn.execute("DELETE FROM record_species WHERE record_id = ?", (data["id"],))
    for i, line in enumerate(data.get(LINE_FIELDS.get(kind, ""), [])):
        conn.execute(
            "INSERT INTO record_species (record_id, kind, line_no, species_id, other_name, specimen, "
            "term, quantity, unit) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                data["id"],
                kind,
                i,
                line["species_id"],
                line["other_name"],
                line.get("specimen", ""),
                line["term"],
                float(line["quantity"]),
                line["unit"],
            ),
        )
    if kind in FTS_TABLES and not data["deleted"]:
        text = " ".join(str(data.get(k) or "") for k in ("seller_handle", "url", "notes", "place", "case_reference"))
        conn.execute(f"INSERT INTO {FTS_TABLES[kind]} (rowid, text) VALUES (?, ?)", (rowid, text))
    if version >= 4:
        intel_sql.write_contacts(conn, [(data, seq, body, "")])


def build(version: int, path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA page_size = 512")  # many small tables: small pages keep the file small
    db = sqlite_utils.Database(conn)
    for number, _name, migrate in MIGRATIONS[:version]:
        with db.atomic():
            migrate(db)
            conn.execute(f"PRAGMA user_version = {int(number)}")
    prev, previous_body = GENESIS, {}
    with conn:
        for seq, (action, full) in enumerate(history(), start=1):
            data = stored_as(version, full)
            body = canonical_json(data)
            _write_row(conn, version, data, seq, body)
            entry = {
                "seq": seq,
                "at": data["updated_at"],
                "device_id": DEVICE,
                **OFFICER,
                "action": action,
                "record_kind": data["kind"],
                "record_id": data["id"],
                "revision": data["revision"],
                "old_value": previous_body.get(data["id"]),
                "new_value": body,
            }
            digest = entry_hash(prev, entry)
            conn.execute(
                f"INSERT INTO audit_log ({', '.join(CONTENT)}, prev_hash, hash) VALUES "
                f"({', '.join('?' * (len(CONTENT) + 2))})",
                [entry[k] for k in CONTENT] + [prev, digest],
            )
            prev, previous_body[data["id"]] = digest, body
        for key, value in (
            ("device_id", DEVICE),
            ("created_at", "2025-05-01T08:00:00.000000Z"),
            ("change_seq", str(len(history()))),
        ):
            conn.execute("INSERT INTO meta (key, value) VALUES (?, ?)", (key, value))
    conn.execute("VACUUM")
    conn.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for number, name, _migrate in MIGRATIONS:
        path = OUT / f"v{number}.sqlite"
        build(number, path)
        print(f"{path.relative_to(ROOT)}: schema {number} ({name}), {path.stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
