"""Import of spreadsheets: moved to :mod:`desktop.imports` (mapping, values, reader, build, run).
Kept so that ``desktop.reports.imports.run_import`` goes on working for callers."""

from __future__ import annotations

from desktop.imports.reader import SpreadsheetError
from desktop.imports.run import ImportResult, run_import

__all__ = ["ImportResult", "SpreadsheetError", "run_import"]
