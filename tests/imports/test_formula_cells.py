"""An XLSX formula cell is never silently empty: its saved result is used, or the cell is named."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from desktop.imports.reader import SheetReader, SpreadsheetError


def _book(path, price_cell):
    book = Workbook()
    sheet = book.active
    sheet.append(["observed_at", "platform", "price"])
    sheet.append(["2026-03-01", "Facebook", 150000])
    sheet.append(["2026-03-02", "Shopee", price_cell])
    book.save(path)


def test_formula_without_saved_result_is_named_by_its_cell(tmp_path):
    path = tmp_path / "prices.xlsx"
    _book(path, "=C2*2")  # openpyxl writes the formula but no result, as scripts and some tools do
    with SheetReader(path) as reader:
        with pytest.raises(SpreadsheetError, match=r"Cell C3 holds a formula \(=C2\*2\)"):
            list(reader.rows())


def test_plain_values_read_as_written(tmp_path):
    path = tmp_path / "prices.xlsx"
    _book(path, 300000)
    with SheetReader(path) as reader:
        rows = list(reader.rows())
    assert [r[1][2] for r in rows] == [150000, 300000]
