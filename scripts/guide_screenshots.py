#!/usr/bin/env python3
"""Take the user guide's screenshots from the real app, offscreen, in every language.

    python scripts/guide_screenshots.py              # en, id and ms into docs/guide/images/<lang>/
    python scripts/guide_screenshots.py --lang id    # one language

It builds throw-away homes in a temporary folder (``pantau-guide`` in the system's temporary
directory, removed afterwards) — a protected demo home with demo data and an
advert recorded from the first training sample (with its screenshot as evidence), a new home for
the setup assistant, and a training sandbox where three participants' bundles were imported — then
opens the real windows and saves them as PNG. Nothing outside that folder and docs/guide/images is
touched.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.pop("PANTAU_HOME", None)
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.i18n import LANGUAGES, set_language  # noqa: E402

OUT = ROOT / "docs" / "guide" / "images"
SIZE = (1100, 700)
PASSPHRASE = "kancil melompat di sungai 2026"


def settle(app, window=None, seconds: float = 0.3) -> None:
    """Let Qt lay out and paint, and wait for background work (the dashboard's figures)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end or (window is not None and window.runner.running()):
        app.processEvents()
        time.sleep(0.01)
        if time.monotonic() > end + 30:
            break


def save(widget, lang: str, name: str) -> Path:
    path = OUT / lang / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(path), "PNG", 0)
    print(path.relative_to(ROOT))
    return path


# -- the homes ------------------------------------------------------------------------------
def demo_home(root: Path, ref):
    """A protected home with demo records, one advert from training sample 1 (with evidence) and a seizure."""
    from desktop.demo import fill
    from desktop.domain.records import Observation, SpeciesLine
    from desktop.paths import Home
    from desktop.sandbox import sample_adverts
    from desktop.security import home_lock
    from desktop.settings import Settings
    from desktop.store import Store

    home = Home.resolve(root / "demo")
    keys = home_lock.protect_new_home(home, PASSPHRASE)
    settings = Settings(
        officer_name="Ayu Lestari",
        officer_id="NRP 87051234",
        agency="BKSDA Riau",
        country="ID",
        device_name="Laptop BKSDA Riau 2",
        first_run_done=True,
    )
    settings.save(home.settings_path)
    store = Store.open(home, settings, ref, keys=keys)
    fill(store, 400, seed=11)
    evidence = store.evidence.add_file(sample_adverts()[0], settings.officer_name, store.device_id)
    advert = store.save(
        Observation(
            observed_at=(dt.date.today() - dt.timedelta(days=1)).isoformat(),
            platform="facebook",
            country="ID",
            url="https://www.facebook.com/groups/contoh.kicau.nusantara/posts/7310000000000001",
            group_name="Kicau Mania Nusantara (contoh)",
            seller_handle="kicau.jaya88",
            seller_name="Kicau Jaya 88",
            species=[SpeciesLine(species_id="cacatua-sulphurea", specimen="live", quantity="1", term="LIV")],
            price="3500000",
            currency="IDR",
            price_text="Rp 3.500.000 (nego)",
            seller_location="ID-JK",
            reported=True,
            reported_on=dt.date.today().isoformat(),
            notes="COD Jakarta Timur",
            evidence=[evidence],
        ),
        accept_warnings=True,
    )
    store.close()
    return home, keys, advert.id


def training_homes(root: Path, ref):
    """The trainer's sandbox (a coordinator) after importing three participants' bundles."""
    from desktop.domain.records import Observation, SpeciesLine
    from desktop.paths import Home
    from desktop.sandbox import ensure_sandbox
    from desktop.settings import Settings
    from desktop.store import Store
    from desktop.sync import keys
    from desktop.sync.devices import approve
    from desktop.sync.export import export_bundle
    from desktop.sync.importer import import_paths
    from desktop.training import sandbox_home

    trainer_home = ensure_sandbox(
        sandbox_home(Home.resolve(root / "trainer")), Settings(officer_name="Trainer", language="en"), ref
    )
    card = keys.init_coordinator(trainer_home, "Training coordinator")
    (root / "card.json").write_bytes(card.to_json())
    trainer = Store.open(trainer_home, Settings.load(trainer_home.settings_path), ref)
    people = [
        ("Budi Santoso", 5, "cacatua-sulphurea"),
        ("Siti Rahmawati", 4, "manis-javanica"),
        ("Dewi Anggraini", 3, "nycticebus-coucang"),
    ]
    for n, (name, count, species) in enumerate(people):
        home = ensure_sandbox(sandbox_home(Home.resolve(root / f"participant{n}")), Settings(officer_name=name), ref)
        keys.import_card(home, root / "card.json")
        store = Store.open(home, Settings(officer_name=name), ref)
        for i in range(count):
            store.save(
                Observation(
                    observed_at=dt.date.today().isoformat(),
                    platform="facebook",
                    country="ID",
                    url=f"https://www.facebook.com/groups/contoh/posts/{n}{i}",
                    seller_handle=f"contoh.seller{i}",
                    species=[SpeciesLine(species_id=species, quantity="1")],
                    price="1500000",
                    currency="IDR",
                ),
                accept_warnings=True,
            )
        bundle = export_bundle(store, root / "bundles")
        store.close()
        report = import_paths(trainer, [bundle.path])[0]
        approve(trainer, report.fingerprint)
    trainer.close()
    return trainer_home


# -- the screens --------------------------------------------------------------------------------
def wizard_shots(app, root: Path, lang: str, ref) -> None:
    from desktop.paths import Home
    from desktop.settings import Settings
    from desktop.ui.first_run import FirstRunWizard

    home = Home.resolve(root / f"new-{lang}")
    wizard = FirstRunWizard(home, Settings(language=lang), ref)
    wizard.resize(760, 560)
    wizard.show()
    wizard.language_page.buttons[lang].setChecked(True)
    settle(app)
    save(wizard, lang, "setup-language")
    wizard.next()
    page = wizard.officer_page
    page.name.setText("Ayu Lestari")
    page.officer_id.setText("NRP 87051234")
    page.country.setCurrentIndex(page.country.findData("ID"))
    page.agency.setEditText(
        next(
            (page.agency.itemText(i) for i in range(page.agency.count()) if "BKSDA" in page.agency.itemText(i)), "BKSDA"
        )
    )
    settle(app)
    save(wizard, lang, "setup-officer")
    wizard.next()
    wizard.device_page.device.setText("Laptop BKSDA Riau 2")
    wizard.next()
    wizard.passphrase_page.panel.first.setText(PASSPHRASE)
    wizard.passphrase_page.panel.second.setText(PASSPHRASE)
    wizard.passphrase_page.panel.first.setFocus()
    settle(app)
    save(wizard, lang, "setup-passphrase")
    wizard.close()
    wizard.deleteLater()


def unlock_shot(app, home, lang: str) -> None:
    from desktop.ui.security_dialogs import UnlockDialog

    dialog = UnlockDialog(home, offer_training=True)
    dialog.resize(560, 320)
    dialog.show()
    dialog.panel.passphrase.setFocus()
    settle(app)
    save(dialog, lang, "unlock")
    dialog.close()
    dialog.deleteLater()


def main_window_shots(app, home, keys, advert_id: str, lang: str) -> None:
    from desktop.app_context import AppContext
    from desktop.ui.app import create_main_window
    from desktop.ui.next_steps import show_next_steps
    from desktop.ui.widgets.evidence_panel import EvidencePanel

    context = AppContext.create(home=str(home.root), lang=lang)
    context._keys = keys
    window = create_main_window(context)
    window.resize(*SIZE)
    window.show()
    try:
        show_next_steps(window)
        settle(app, window, 1.0)
        save(window, lang, "main-window")
        window.show_page("observations")
        settle(app, window)
        save(window, lang, "observations")
        page = window.pages["observations"]
        page.edit_record(advert_id)
        settle(app, window)
        save(window, lang, "observation-form")
        panel = page.form.findChild(EvidencePanel)
        if panel is not None:  # the form's Evidence group, after 'Verify evidence'
            panel.verify()
            panel.list.setCurrentRow(0)
            settle(app)
            save(panel.parentWidget() or panel, lang, "evidence")
        page.show_list()
        window.show_page("seizures")
        window.pages["seizures"].new_record()
        settle(app, window)
        save(window, lang, "seizure-form")
        window.pages["seizures"].show_list()
        for key in ("sync", "reports", "settings"):
            window.show_page(key)
            settle(app, window)
            save(window, lang, key)
    finally:
        if window.lock_controller is not None:
            window.lock_controller.watcher.stop()
        window.close()
        window.deleteLater()
        context.close()
        settle(app)


def training_shots(app, trainer_home, lang: str) -> None:
    from desktop.app_context import AppContext
    from desktop.ui.app import create_main_window
    from desktop.ui.training_banner import show_training_dialog

    context = AppContext.create(home=str(trainer_home.root), lang=lang)
    window = create_main_window(context)
    window.resize(*SIZE)
    window.show()
    try:
        window.show_page("observations")
        settle(app, window)
        save(window, lang, "training-banner")
        dialog = show_training_dialog(window)
        dialog.tabs.setCurrentIndex(2)
        dialog.resize(860, 420)
        settle(app)
        save(dialog, lang, "training-results")
        dialog.close()
    finally:
        window.close()
        window.deleteLater()
        context.close()
        settle(app)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", nargs="*", choices=LANGUAGES, default=list(LANGUAGES))
    args = parser.parse_args(argv)
    from desktop.reference import load_reference
    from desktop.sandbox import sample_adverts
    from desktop.ui.app import application

    app = application()
    ref = load_reference()
    OUT.mkdir(parents=True, exist_ok=True)
    shutil.copy2(sample_adverts()[0], OUT / "advert-1.png")
    root = Path(tempfile.gettempdir()) / "pantau-guide"  # a fixed name: it shows in the status bar
    shutil.rmtree(root, ignore_errors=True)
    try:
        set_language("en")
        home, keys, advert_id = demo_home(root, ref)
        trainer_home = training_homes(root, ref)
        for lang in args.lang:
            set_language(lang)
            wizard_shots(app, root, lang, ref)
            unlock_shot(app, home, lang)
            main_window_shots(app, home, keys, advert_id, lang)
            training_shots(app, trainer_home, lang)
    finally:
        set_language("en")
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
