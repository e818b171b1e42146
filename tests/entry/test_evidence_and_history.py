"""Evidence on a record (attach, thumbnails, size and type limits, verify a changed file), the
detail view with field-level history, delete with confirmation and undo."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDropEvent, QImage
from PySide6.QtWidgets import QApplication

from desktop.db.queries import ListFilter
from desktop.domain.records import Observation, SpeciesLine
from tests.entry.conftest import open_page
from tests.entry.test_observation_form import type_typical_advert


def _png(path, colour="red"):
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    assert image.save(str(path))
    return path


def test_attach_evidence_and_detect_a_changed_file(window, qtbot, keyboard, tmp_path):
    page = open_page(window, qtbot, "observations")
    type_typical_advert(page, keyboard)
    panel = page.form.evidence
    screenshot = _png(tmp_path / "advert.png")
    (tmp_path / "tool.exe").write_bytes(b"MZ")
    big = tmp_path / "video.mp4"
    big.write_bytes(b"0" * 2048)
    window.store.evidence.max_bytes = 1024

    assert panel.attach_paths([screenshot, tmp_path / "tool.exe", big]) == 1
    message = panel.message.text()
    assert "1 file attached." in message
    assert "tool.exe: this type of file cannot be attached" in message
    assert "video.mp4 is too large" in message
    assert not panel.list.item(0).icon().isNull()  # a thumbnail for the image

    # dropping a file attaches it too
    second = _png(tmp_path / "chat.png", "blue")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(second))])
    drop = QDropEvent(
        QPoint(5, 5), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    panel.dropEvent(drop)
    assert [r.filename for r in panel.refs] == ["advert.png", "chat.png"]

    keyboard.ctrl(Qt.Key.Key_S)
    record = window.store.get("observation", window.store.page(ListFilter(), 0, 1)[0]["id"])
    assert [e.filename for e in record.evidence] == ["advert.png", "chat.png"]
    ref = record.evidence[0]
    assert len(ref.sha256) == 64 and ref.added_by == "Test Officer" and ref.device_id == window.store.device_id
    assert ref.added_at.endswith("Z") and ref.media_type == "image/png"

    # the detail view verifies: unchanged first, then a tampered copy is reported by name
    page.table.selectRow(0)
    keyboard.ctrl(Qt.Key.Key_I)
    detail = page.detail
    assert page.stack.currentWidget() is detail
    checks = detail.evidence.verify()
    assert all(c.ok for c in checks) and "all unchanged" in detail.evidence.message.text()
    stored = window.store.evidence.path_for(ref.sha256)
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes() + b"tampered")
    checks = detail.evidence.verify()
    assert [c.ok for c in checks] == [False, True]
    text = detail.evidence.message.text()
    assert "no longer matches" in text and "advert.png" in text
    assert detail.evidence.list.item(0).text().startswith("✖ CHANGED")
    export_dir = tmp_path / "out"
    export_dir.mkdir()
    detail.evidence.list.setCurrentRow(0)
    assert detail.evidence.export_selected(str(export_dir)) is None  # a changed file is not exported
    assert "was changed or is missing" in detail.evidence.message.text()
    detail.evidence.list.setCurrentRow(1)
    assert detail.evidence.export_selected(str(export_dir)) == export_dir / "chat.png"


def test_detail_history_shows_field_changes(window, qtbot, keyboard):
    store = window.store
    saved = store.save(
        Observation(
            observed_at="2026-03-01",
            platform="shopee",
            country="ID",
            price="100000",
            currency="IDR",
            seller_handle="first",
            species=[SpeciesLine(species_id="manis-javanica", quantity="1")],
        )
    )
    edited = store.get("observation", saved.id)
    edited.seller_handle = "second"
    edited.species[0].quantity = "4"
    store.save(edited)
    page = open_page(window, qtbot, "observations")
    page.refresh()
    page.table.selectRow(0)
    keyboard.ctrl(Qt.Key.Key_I)
    tree = page.detail.history
    assert tree.topLevelItemCount() == 2
    newest = tree.topLevelItem(0)
    assert "Changed 2 fields" in newest.text(2) and "Test Officer" in newest.text(1)
    changes = {newest.child(i).text(1): newest.child(i).text(2) for i in range(newest.childCount())}
    assert changes == {"Seller account": "first → second", "Species 1: quantity": "1 → 4"}
    assert tree.topLevelItem(1).text(2).startswith("Created")
    keyboard.press(Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.list_view


def test_delete_with_confirmation_and_undo(window, qtbot, keyboard):
    store = window.store
    for seller in ("a", "b"):
        store.save(
            Observation(
                observed_at="2026-03-01",
                platform="shopee",
                country="ID",
                seller_handle=seller,
                species=[SpeciesLine(species_id="manis-javanica")],
            )
        )
    page = open_page(window, qtbot, "observations")
    page.refresh()
    page.table.selectRow(0)
    record_id = page.current_record_id()
    keyboard.press(Qt.Key.Key_Delete)
    assert page.confirm_bar.is_asking("delete") and "stays in the history" in page.confirm_bar.message.text()
    keyboard.press(Qt.Key.Key_Escape)  # cancel
    assert store.count(ListFilter()) == 2 and QApplication.focusWidget() is page.table
    keyboard.press(Qt.Key.Key_Delete)
    assert keyboard.focus() is page.confirm_bar.confirm_button
    keyboard.enter()  # "Delete"
    assert store.count(ListFilter()) == 1 and page.model.rowCount() == 1
    assert store.get("observation", record_id).deleted
    keyboard.ctrl(Qt.Key.Key_Z)  # undo
    assert store.count(ListFilter()) == 2 and not store.get("observation", record_id).deleted
    actions = [e["action"] for e in store.history(record_id)]
    assert actions == ["create", "delete", "restore"]
    page.show_detail(record_id)
    texts = [page.detail.history.topLevelItem(i).text(2) for i in range(page.detail.history.topLevelItemCount())]
    assert texts[0].startswith("Restored") and texts[1].startswith("Deleted")
