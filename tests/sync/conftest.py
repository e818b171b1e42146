"""Helpers for sync tests: several independent homes (devices and coordinators) in one tmp_path."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pyrage
import pytest

from desktop.domain.records import Observation, SpeciesLine
from desktop.paths import Home
from desktop.settings import Settings
from desktop.store import Store
from desktop.sync import keys


class Homes:
    """Opens stores for named homes under one folder and closes them at the end."""

    def __init__(self, root: Path, ref):
        self.root = root
        self.ref = ref
        self.stores: list[Store] = []

    def device(self, name: str, officer: str | None = None) -> Store:
        store = Store.open(
            Home.resolve(self.root / name), Settings(officer_name=officer or f"Officer {name}"), self.ref
        )
        self.stores.append(store)
        return store

    def coordinator(self, name: str = "coord", card_out: Path | None = None) -> Store:
        store = self.device(name, officer="Coordinator Officer")
        card = keys.init_coordinator(store.home, f"Coordinator {name}")
        (card_out or self.root / f"{name}-card.json").write_bytes(card.to_json())
        return store

    def close(self) -> None:
        for store in self.stores:
            store.close()


@pytest.fixture
def homes(tmp_path, ref):
    h = Homes(tmp_path, ref)
    yield h
    h.close()


def observation(n: int = 1, **kw) -> Observation:
    base = dict(
        observed_at=dt.date.today().isoformat(),
        platform="facebook",
        country="ID",
        url=f"https://www.facebook.com/groups/kicau/posts/{n}",
        seller_handle=f"seller{n}",
        species=[SpeciesLine(species_id="kittacincla-malabarica", quantity="2")],
        price="1500000",
        currency="IDR",
        notes=f"note {n}",
    )
    base.update(kw)
    return Observation(**base)


def give_card(coordinator: Store, device: Store) -> None:
    keys.import_card(device.home, coordinator.home.keys_dir / keys.COORD_CARD)


def approve_device(coordinator: Store, device: Store) -> None:
    """Pre-trust a device the way a coordinator would after its first (quarantined) bundle."""
    from desktop.sync.devices import approve

    approve(coordinator, keys.device_signing_key(device.home).fingerprint)


def counts(store: Store) -> dict:
    """Every row count that an import may change, plus evidence files and the import log."""
    figures = store.queries.sync.row_counts()
    figures["evidence_files"] = sum(1 for p in store.evidence.root.rglob("*") if p.is_file())
    return figures


def decrypt_file(coordinator: Store, path: Path) -> bytes:
    return pyrage.decrypt(path.read_bytes(), keys.coordinator_identities(coordinator.home))


def zip_entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def rezip(entries: dict[str, bytes]) -> bytes:
    """A zip of ``entries``, compressed as Pantau compresses them (evidence files stored as they are)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data, zipfile.ZIP_STORED if name.startswith("evidence/") else zipfile.ZIP_DEFLATED)
    return out.getvalue()
