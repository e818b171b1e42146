"""Reading a spreadsheet row by row: CSV (any common delimiter, UTF-8 with or without BOM, or
Windows-1252) and the first sheet of an XLSX file (openpyxl read-only), never the whole file in
memory. Cells come as written: text from CSV; numbers, dates and booleans from XLSX."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from desktop.domain.csv_safe import unsafe_cell  # Pantau's CSV exports neutralise formulas
from desktop.errors import PantauError
from desktop.i18n import _
from desktop.imports.values import text_of


class SpreadsheetError(PantauError):
    """A file that cannot be imported at all (unreadable, unknown layout)."""


def _unreadable(path: Path, reason) -> SpreadsheetError:
    return SpreadsheetError(_("{path} cannot be read as a spreadsheet: {reason}").format(path=path.name, reason=reason))


class SheetReader:
    """``headers`` then ``rows()``: (spreadsheet row number, cells) of every non-empty row."""

    def __init__(self, path):
        self.path = Path(path)
        if not self.path.is_file():
            raise SpreadsheetError(_("{path} is not a file.").format(path=self.path))
        self.headers: list[str] = []
        self._book = None
        self._formula_book = None
        self._formulas = None
        self._fh = None
        self._raw = None
        self._size = max(self.path.stat().st_size, 1)
        self._total_rows = 0
        self.rows_read = 0
        try:
            if self.path.suffix.lower() in (".xlsx", ".xlsm"):
                self._open_xlsx()
            else:
                self._open_csv()
        except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as exc:
            self.close()
            raise _unreadable(self.path, getattr(exc, "strerror", None) or exc) from None
        except (zipfile.BadZipFile, EOFError, TypeError, IndexError) as exc:  # a damaged file posing as XLSX
            self.close()
            raise _unreadable(self.path, type(exc).__name__) from None

    def _open_xlsx(self) -> None:
        from openpyxl import load_workbook

        self._book = load_workbook(self.path, read_only=True, data_only=True)
        sheet = self._book.worksheets[0]
        self._total_rows = sheet.max_row or 0
        self._values = sheet.iter_rows(values_only=True)
        self.headers = [text_of(h) for h in next(self._values, ())]
        # The same sheet with formulas as written, read alongside: a formula cell whose result was
        # never saved (a file written by a program that does not calculate) reads as empty above.
        self._formula_book = load_workbook(self.path, read_only=True, data_only=False)
        self._formulas = self._formula_book.worksheets[0].iter_rows(values_only=True)
        next(self._formulas, None)

    def _check_formulas(self, row_no: int, row) -> None:
        """Refuse a formula cell without a saved result, naming the cell: its value cannot be known."""
        written = next(self._formulas, ())
        for column, (value, as_written) in enumerate(zip(row, written), start=1):
            if value is None and isinstance(as_written, str) and as_written.startswith("="):
                from openpyxl.utils import get_column_letter

                raise SpreadsheetError(
                    _(
                        "Cell {cell} holds a formula ({formula}) whose result was never saved, so its value is "
                        "unknown. Open the file in your spreadsheet program, save it, and import it again."
                    ).format(cell=f"{get_column_letter(column)}{row_no}", formula=as_written[:60])
                )

    def _open_csv(self) -> None:
        self._raw = open(self.path, "rb")  # noqa: SIM115 - read row by row until close()
        head = self._raw.read(65536)
        self._raw.seek(0)
        encoding = "utf-8-sig"
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the sample's end
                encoding = "cp1252"
        sample = head.decode(encoding, errors="ignore")
        try:
            dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",;\t|")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ","
        self._fh = io.TextIOWrapper(self._raw, encoding=encoding, newline="")
        self._values = csv.reader(self._fh, delimiter=delimiter)
        self.headers = [h.strip() for h in next(self._values, [])]

    def rows(self) -> Iterator[tuple[int, list]]:
        try:
            for row_no, row in enumerate(self._values, start=2):
                self.rows_read = row_no - 1
                if self._formulas is not None:
                    self._check_formulas(row_no, row)
                if any(v not in (None, "") and not (isinstance(v, str) and not v.strip()) for v in row):
                    yield row_no, [unsafe_cell(v) if isinstance(v, str) else v for v in row]
        except (UnicodeDecodeError, csv.Error, ValueError) as exc:
            raise _unreadable(self.path, exc) from None

    def fraction(self) -> float:
        """How much of the file has been read (0..1), for progress."""
        if self._raw is not None:
            try:
                return min(self._raw.tell() / self._size, 1.0)
            except (OSError, ValueError):
                return 0.0
        if self._total_rows:
            return min(self.rows_read / self._total_rows, 1.0)
        return 0.0

    def close(self) -> None:
        for book in (self._book, self._formula_book):
            if book is not None:
                book.close()
        self._book = self._formula_book = None
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        elif self._raw is not None:
            self._raw.close()
        self._raw = None

    def __enter__(self) -> "SheetReader":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
