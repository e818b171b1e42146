"""The training sandbox: created with demo data, marked, reset to its starting state, results per participant."""

from __future__ import annotations

import datetime as dt
import json

from desktop.app_context import AppContext
from desktop.cli import main
from desktop.domain.records import Observation, SpeciesLine
from desktop.paths import Home
from desktop.sandbox import DEMO_RECORDS, reset_sandbox, sample_adverts, session_results
from desktop.settings import Settings
from desktop.store import ListFilter, Store
from desktop.training import MARKER, is_training, marker, sandbox_home


def advert(n: int) -> Observation:
    return Observation(
        observed_at=dt.date.today().isoformat(),
        platform="facebook",
        country="ID",
        url=f"https://www.facebook.com/groups/kicau/posts/{n}",
        seller_handle=f"seller{n}",
        species=[SpeciesLine(species_id="cacatua-sulphurea", quantity="1")],
        price="3500000",
        currency="IDR",
    )


def total(store) -> int:
    return sum(store.count(ListFilter(kind=kind)) for kind in ("observation", "seizure", "response"))


def test_sandbox_is_marked_filled_and_unprotected(sandbox, base_home):
    from desktop.security.home_lock import is_protected

    assert sandbox.root == base_home.root / "training"
    assert (sandbox.root / MARKER).is_file() and is_training(sandbox) and not is_training(base_home)
    assert not is_protected(sandbox) and not base_home.db_path.exists()
    settings = Settings.load(sandbox.settings_path)
    assert settings.officer_name == "Ayu Lestari" and settings.first_run_done
    store = Store.open(sandbox)
    try:
        assert total(store) == DEMO_RECORDS
        assert store.pending_export_count() == 0  # the demo data is never sent to a coordinator
        assert session_results(store) == []
    finally:
        store.close()
    assert marker(sandbox)["seed"] == 2026


def test_same_demo_data_every_time(sandbox, tmp_path):
    from desktop.sandbox import ensure_sandbox

    other = ensure_sandbox(sandbox_home(Home.resolve(tmp_path / "other")))
    a, b = Store.open(sandbox), Store.open(other)
    try:
        assert a.stats()["by_species"] == b.stats()["by_species"]
    finally:
        a.close()
        b.close()


def test_reset_puts_the_sandbox_back_and_results_count_the_session(sandbox):
    store = Store.open(sandbox, Settings(officer_name="Budi"))
    device = store.device_id
    store.save(advert(1), accept_warnings=True)
    store.save(advert(2), accept_warnings=True)
    results = session_results(store)
    assert [(r.officer_name, r.counts["observation"], r.total) for r in results] == [("Budi", 2, 2)]
    assert store.pending_export_count() == 2
    store.close()
    reset_sandbox(sandbox)
    store = Store.open(sandbox)
    try:
        assert total(store) == DEMO_RECORDS and session_results(store) == []
        assert store.device_id != device  # a new device identity: a coordinator sees a new participant
    finally:
        store.close()


def test_training_flag_opens_and_creates_the_sandbox(tmp_path):
    root = tmp_path / "fresh"
    context = AppContext.create(home=str(root), training=True)
    try:
        assert context.home.root == (root / "training").resolve() and is_training(context.home)
        assert total(context.store()) == DEMO_RECORDS
    finally:
        context.close()


def test_cli_reset_results_and_samples(sandbox, base_home, tmp_path, capsys):
    store = Store.open(sandbox, Settings(officer_name="Citra"))
    store.save(advert(3), accept_warnings=True)
    store.close()
    assert main(["--home", str(base_home.root), "training", "results", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["officer_name"] == "Citra" and rows[0]["total"] == 1
    assert main(["--home", str(base_home.root), "--training", "training", "reset", "--yes"]) == 0
    assert main(["--home", str(base_home.root), "training", "results"]) == 0
    assert "Nothing was entered" in capsys.readouterr().out
    assert main(["--home", str(base_home.root), "training", "samples", "--out", str(tmp_path / "s")]) == 0
    assert len(list((tmp_path / "s").glob("advert-*.png"))) == 5


def test_reset_refuses_a_real_home(base_home):
    import pytest

    from desktop.training import TrainingError

    with pytest.raises(TrainingError):
        reset_sandbox(base_home)


def test_five_sample_adverts_are_shipped_and_marked():
    from PySide6.QtGui import QImage

    paths = sample_adverts()
    assert [p.name for p in paths] == [f"advert-{n}.png" for n in range(1, 6)]
    for path in paths:
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 800
