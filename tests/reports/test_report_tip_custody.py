"""The coordinator's TIP keeps the officer's part of the chain of custody: who created the record, on
which device and when (before the coordinator's import), and the seller's phone numbers and other
accounts that the officer entered."""

from __future__ import annotations

from pypdf import PdfReader

from desktop.domain.records import SpeciesLine
from desktop.reports.tip_pdf import write_tip
from desktop.sync.export import export_bundle
from desktop.sync.importer import import_paths
from tests.sync.conftest import Homes, give_card, observation


def _text(path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(path)).pages)


def test_tip_at_the_coordinator_shows_the_officers_creation_device_and_phones(tmp_path, ref):
    homes = Homes(tmp_path, ref)
    try:
        coord = homes.coordinator()
        officer = homes.device("riau2", officer="Ayu Lestari")
        give_card(coord, officer)
        saved = officer.save(
            observation(
                7,
                seller_handle="kicau_jaya",
                contacts=["0812-3456-7890", "+60 12-345 6789"],
                handles=["ig:kicau_jaya_official"],
                species=[SpeciesLine(species_id="kittacincla-malabarica", specimen="live", quantity="2")],
            ),
            accept_warnings=True,
        )
        bundle = export_bundle(officer, tmp_path / "out").path
        report = import_paths(coord, [bundle])[0]
        from desktop.sync.devices import approve

        approve(coord, report.fingerprint)
        assert coord.get("observation", saved.id).officer_name == "Ayu Lestari"
        path = tmp_path / "tip.pdf"
        assert write_tip(coord, path, ["kicau_jaya"]) == 1
        text = _text(path)
        compact = text.replace(" ", "")
        custody = text[text.index("Chain of custody") :]
        # the officer's creation comes first, with the officer's device, then the coordinator's import
        assert "created by Ayu Lestari" in custody
        assert officer.device_id in custody.replace(" ", "")
        assert custody.index("created by Ayu Lestari") < custody.index("Coordinator Officer")
        # the seller's phone numbers and other accounts as the officer entered them
        assert "0812-3456-7890" in compact.replace(" ", "") and "+6012-3456789" in compact
        assert "ig:kicau_jaya_official" in compact
    finally:
        homes.close()
