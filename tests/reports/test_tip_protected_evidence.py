"""The TIP of a protected home shows the evidence image: evidence is read through the evidence store
(decrypted), never from the encrypted file on disk."""

from __future__ import annotations

from PIL import Image
from pypdf import PdfReader

from desktop.cli import main
from desktop.paths import Home
from desktop.security import home_lock
from desktop.store import Store
from tests.sync.conftest import observation

PASS = "kancil melompat 2026"


def _image_xobjects(path) -> int:
    count = 0
    for page in PdfReader(str(path)).pages:
        xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
        count += sum(1 for ref in xobjects.values() if ref.get_object().get("/Subtype") == "/Image")
    return count


def test_tip_of_a_protected_home_shows_the_evidence_image(tmp_path, settings, ref, monkeypatch, capsys):
    home = Home.resolve(tmp_path / "h")
    keys = home_lock.protect_new_home(home, PASS)
    store = Store.open(home, settings, ref, keys)
    try:
        picture = tmp_path / "advert.png"
        Image.new("RGB", (64, 48), (200, 40, 40)).save(picture)
        evidence = store.evidence.add_file(picture, store.actor.officer_name, store.device_id)
        stored = store.evidence.path_for(evidence.sha256).read_bytes()
        assert not stored.startswith(b"\x89PNG")  # encrypted at rest
        store.save(observation(1, seller_handle="penjual_gambar", evidence=[evidence]))
    finally:
        store.close()
    monkeypatch.setenv("PANTAU_PASSPHRASE", PASS)
    out = tmp_path / "tip.pdf"
    code = main(["--home", str(home.root), "report", "tip", "--account", "penjual_gambar", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    text = "".join(page.extract_text() or "" for page in PdfReader(str(out)).pages)
    assert "(no preview)" not in text and "verified" in text
    assert _image_xobjects(out) >= 1


def test_evidence_thumbnail_on_a_protected_home(qtbot, tmp_path, settings, ref):
    from desktop.ui.widgets.evidence_panel import EvidencePanel

    home = Home.resolve(tmp_path / "h")
    store = Store.open(home, settings, ref, home_lock.protect_new_home(home, PASS))
    try:
        picture = tmp_path / "advert.png"
        Image.new("RGB", (64, 48), (20, 140, 40)).save(picture)
        evidence = store.evidence.add_file(picture, store.actor.officer_name, store.device_id)
        panel = EvidencePanel(store, editable=False)
        qtbot.addWidget(panel)
        panel.set_refs([evidence])
        assert not panel.list.item(0).icon().isNull()
    finally:
        store.close()
