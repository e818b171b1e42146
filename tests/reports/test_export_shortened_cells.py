"""An XLSX cell holds at most 32,767 characters: a longer value is shortened, marked, and the
export says so (#24 finding 3: before, the cut was silent)."""

from __future__ import annotations

from openpyxl import load_workbook

from desktop.db.queries import ListFilter
from desktop.reports.exports import SHORTENED_MARK, XLSX_CELL_MAX, _write_xlsx
from desktop.ui.list_export import export_summary


def test_xlsx_says_when_a_cell_was_shortened(tmp_path):
    rows = [{"id": "r1", "notes": "a" * 50_000}, {"id": "r2", "notes": "short"}]
    path = tmp_path / "r.xlsx"
    count, shortened = _write_xlsx(path, ("id", "notes"), iter(rows), "observation", ListFilter(kind="observation"))
    assert (count, shortened) == (2, 1)
    book = load_workbook(path, read_only=True)
    values = list(book.worksheets[0].iter_rows(values_only=True))
    assert values[1][1].endswith(SHORTENED_MARK) and len(values[1][1]) == XLSX_CELL_MAX
    assert values[2][1] == "short"
    about = {row[0]: row[1:] for row in book["about"].iter_rows(values_only=True)}
    assert about["shortened_cells"][0] == 1 and "CSV" in about["shortened_cells"][1]
    text = export_summary("xlsx", {"records": 2, "rows": 2, "shortened": 1}, str(path))
    assert "1 cells were too long" in text
    assert "too long" not in export_summary("xlsx", {"records": 2, "rows": 2, "shortened": 0}, str(path))
