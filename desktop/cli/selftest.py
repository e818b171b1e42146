"""``pantau --self-test``: prove that this installation works end to end.

Each step runs in a temporary home and prints ``ok: <step>``; the first failure
stops the run with exit code 1 and ``FAILED: <step>: <error>`` on stderr. In a
frozen build this is what catches a missing hidden import, data file or Qt
plugin (tests/installer/test_frozen_build.py runs it on a fresh bundle).
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
import tempfile
from pathlib import Path

import click

from desktop.i18n import _


def _steps(root: Path):
    from desktop.domain.records import Observation, SpeciesLine
    from desktop.paths import Home
    from desktop.reference import load_reference
    from desktop.settings import Settings
    from desktop.store import Store

    home = Home.resolve(root / "home")
    ref = load_reference()
    state = {}

    def open_store():
        state["store"] = Store.open(home, Settings(officer_name="Self-test"), ref)

    def save_record():
        rec = Observation(
            observed_at=dt.date.today().isoformat(),
            platform="shopee",
            country="ID",
            url="https://shopee.co.id/self-test",
            species=[SpeciesLine(species_id="manis-javanica", quantity="1")],
        )
        state["id"] = state["store"].save(rec).id
        assert state["store"].get("observation", state["id"]).platform == "shopee"

    def audit():
        assert state["store"].verify_audit().ok

    def languages():
        from babel import Locale
        from babel.numbers import format_decimal

        from desktop.i18n import DOMAIN, LANGUAGES, LOCALE_DIR

        for lang in LANGUAGES:
            if lang != "en":  # English is the source language; the others must ship compiled catalogs
                gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])
            assert Locale.parse(lang).language == lang
            assert format_decimal(1234.5, locale=lang)

    def questionnaire():
        from desktop.forms import builtin_form_path, load_xlsform

        form = load_xlsform(builtin_form_path(), use_pyxform=True)
        assert form.to_json()

    def bundle_round_trip():
        from desktop.sync import keys
        from desktop.sync.devices import approve
        from desktop.sync.export import export_bundle
        from desktop.sync.importer import import_paths

        coordinator = Store.open(Home.resolve(root / "coordinator"), Settings(officer_name="Self-test"), ref)
        try:
            keys.init_coordinator(coordinator.home, "Self-test")
            keys.import_card(home, coordinator.home.keys_dir / keys.COORD_CARD)
            result = export_bundle(state["store"], root / "bundles")
            assert result is not None and result.encrypted and result.records >= 1
            import_paths(coordinator, [result.path])  # a device's first bundle waits in quarantine
            approve(coordinator, keys.device_signing_key(home).fingerprint)
            assert coordinator.get("observation", state["id"]).url == "https://shopee.co.id/self-test"
        finally:
            coordinator.close()

    def pdf_report():
        from desktop.reports.summary_pdf import write_monitoring_summary

        today = dt.date.today()
        path = root / "summary.pdf"
        write_monitoring_summary(state["store"], path, today - dt.timedelta(days=30), today)
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and b"DejaVuSans" in data, "not a PDF with the shipped fonts"

    def main_window():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from desktop.app_context import AppContext
        from desktop.ui.app import application, create_main_window

        application()
        ctx = AppContext(home, Settings(officer_name="Self-test"))
        ctx._store = state["store"]
        window = create_main_window(ctx)
        window.show()
        for key in window.pages:  # pages are built on first use: build each once here
            window.show_page(key)
        window.close()

    def user_guide():
        from desktop.guide import guide_page

        for lang in ("en", "id"):
            page = guide_page("getting-started", lang)
            assert page is not None and page.is_file(), "the user guide is not installed"

    return [
        (_("open and migrate a database"), open_store),
        (_("save and read back a record"), save_record),
        (_("verify the audit log"), audit),
        (_("load translations and locale data"), languages),
        (_("load the built-in questionnaire"), questionnaire),
        (_("export and re-import a record through a signed bundle"), bundle_round_trip),
        (_("render a PDF report"), pdf_report),
        (_("open the main window"), main_window),
        (_("find the user guide"), user_guide),
    ], state


def step_names() -> list[str]:
    """The names the self-test prints, in order (in the current language)."""
    return [name for name, _step in _steps(Path(tempfile.gettempdir()))[0]]


def run_self_test(app_context) -> int:
    with tempfile.TemporaryDirectory(prefix="pantau-selftest-") as tmp:
        steps, state = _steps(Path(tmp))
        try:
            for name, step in steps:
                try:
                    step()
                except Exception as exc:  # noqa: BLE001 - reported as the failing step
                    error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                    click.echo(_("FAILED: {step}: {error}").format(step=name, error=error), err=True)
                    return 1
                click.echo(_("ok: {step}").format(step=name))
        finally:
            if "store" in state:
                state["store"].close()
    click.echo(_("Self-test passed."))
    return 0
