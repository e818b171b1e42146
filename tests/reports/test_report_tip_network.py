"""The target intelligence package for a confirmed seller network: `pantau report tip --network NAME` and
the reports page's network choice list every linked account's records, RESTRICTED on every page."""

from __future__ import annotations

from pypdf import PdfReader

from desktop.app_context import AppContext
from desktop.cli import main
from desktop.intel.networks import confirm_link
from desktop.ui.operations import OperationRunner
from desktop.ui.pages.reports_page import ReportsPage
from tests.intel.dataset import build_sellers, save

NETWORK = "Jaringan Murai"


def build_network(store) -> tuple[set[str], set[str]]:
    """(ids of the network's adverts, ids of adverts by sellers outside it)."""
    records = build_sellers(store)
    extra = [
        save(
            store,
            seller_handle="penjual_dua",
            platform="shopee",
            observed_at=f"2026-02-{day:02d}",
            url=f"https://shopee.co.id/penjual_dua/{day}",
        )
        for day in range(1, 26)
    ]  # several pages
    confirm_link(store, "penjual_satu", "Penjual_Dua", NETWORK)
    linked = {records[k].id for k in ("phone_1", "phone_2", "phone_1b")} | {r.id for r in extra}
    others = {r.id for k, r in records.items() if k not in ("phone_1", "phone_2", "phone_1b")}
    return linked, others


def pdf_texts(path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def check_package(path, linked: set[str], others: set[str]) -> None:
    texts = pdf_texts(path)
    assert len(texts) >= 2
    for number, text in enumerate(texts, start=1):
        assert "RESTRICTED" in text, f"page {number}"
    compact = "".join("".join(texts).split())  # ids wrap inside table cells
    missing = {record_id for record_id in linked if record_id not in compact}
    assert not missing
    assert not {record_id for record_id in others if record_id in compact}
    assert NETWORK.replace(" ", "") in compact and "penjual_satu" in compact and "penjual_dua" in compact


def test_cli_tip_for_a_network(tmp_path, capsys):
    home = str(tmp_path / "h")
    ctx = AppContext.create(home=home)
    try:
        linked, others = build_network(ctx.store())
    finally:
        ctx.close()
    out = tmp_path / "network.pdf"
    code = main(["--home", home, "report", "tip", "--network", NETWORK, "--out", str(out)])
    printed, _err = capsys.readouterr()
    assert code == 0 and f"{len(linked)} linked records." in printed
    check_package(out, linked, others)
    code = main(["--home", home, "report", "tip", "--network", "No Such Ring", "--out", str(tmp_path / "x.pdf")])
    _out, err = capsys.readouterr()
    assert code == 1 and "No seller network named 'No Such Ring'" in err and not (tmp_path / "x.pdf").exists()
    code = main(["--home", home, "report", "tip", "--out", str(tmp_path / "y.pdf")])
    _out, err = capsys.readouterr()
    assert code != 0 and "--network" in err


def test_reports_page_tip_for_a_network(qtbot, store, tmp_path):
    page = ReportsPage(store, OperationRunner())
    page.open_when_done = False
    qtbot.addWidget(page)
    linked, others = build_network(store)
    page.show()  # lists the network confirmed after the page was built
    index = page.tip_network.findText(f"{NETWORK} (2 accounts)")
    assert index > 0
    page.report_kind.setCurrentIndex(page.report_kind.findData("tip"))
    page.tip_network.setCurrentIndex(index)
    out = tmp_path / "tip.pdf"
    page.report_file.edit.setText(str(out))
    with qtbot.waitSignal(page.finished, timeout=60000) as blocker:
        page.create_report()
    assert str(out) in blocker.args[0] and page.last_result == len(linked)
    check_package(out, linked, others)
    page.runner.wait_all()
