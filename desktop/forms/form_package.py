"""A form as Kobo and ODK Central hand it out: the XLSForm alone, with its media files,
a folder, or a zip.

:func:`open_form_package` finds the workbook and the CSV/XML media files (those that
``select_one_from_file``, ``pulldata()`` and external lists read) and gives them to the
import as text. A zip is read without unpacking anything but the workbook (to a
temporary file that openpyxl and pyxform can open).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from desktop.forms.errors import FormError, form_issue
from desktop.forms.xlsform_media import MEDIA_SUFFIXES
from desktop.i18n import _

MAX_MEDIA_BYTES = 20 * 1024 * 1024  # one media file; a form's CSV is rarely more than a few MB


@dataclass
class FormPackage:
    workbook: Path
    name: str  # file name of the workbook (the form id when the settings give none)
    media: dict[str, str] = field(default_factory=dict)


def _problem(path: Path, message: str) -> FormError:
    issue = form_issue(path.name or str(path), None, None, message)
    return FormError([issue], issue.message)


def _text(data: bytes, name: str, path: Path) -> str:
    if len(data) > MAX_MEDIA_BYTES:
        raise _problem(path, _("The media file '{name}' is larger than 20 MB.").format(name=name))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise _problem(path, _("The media file '{name}' is not readable text.").format(name=name))


def _single_workbook(candidates: list, path: Path):
    books = [
        c for c in candidates if str(c).lower().endswith(".xlsx") and not PurePosixPath(str(c)).name.startswith("~$")
    ]
    if not books:
        raise _problem(path, _("No XLSForm (.xlsx) was found in {path}.").format(path=path.name))
    if len(books) > 1:
        raise _problem(
            path,
            _("{path} holds more than one XLSForm ({names}); import them one at a time.").format(
                path=path.name, names=", ".join(sorted(PurePosixPath(str(b)).name for b in books))
            ),
        )
    return books[0]


@contextlib.contextmanager
def open_form_package(path: str | Path, media_files: list[str | Path] | None = None) -> Iterator[FormPackage]:
    """The workbook and media of ``path`` (an .xlsx, a folder or a .zip) plus ``media_files``."""
    path = Path(path)
    extra: dict[str, str] = {}
    for given in media_files or []:
        media_path = Path(given)
        if not media_path.is_file():
            raise _problem(media_path, _("The file {path} does not exist.").format(path=media_path))
        extra[media_path.name] = _text(media_path.read_bytes(), media_path.name, media_path)
    if path.is_dir():
        workbook = _single_workbook(sorted(path.rglob("*.xlsx")), path)
        found = {
            f.name: _text(f.read_bytes(), f.name, f)
            for f in sorted(path.rglob("*"))
            if f.is_file() and f.suffix.lower() in MEDIA_SUFFIXES
        }
        yield FormPackage(workbook, workbook.name, {**found, **extra})
        return
    if path.suffix.lower() == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (OSError, zipfile.BadZipFile) as exc:
            raise _problem(path, _("Cannot read the zip file {path}: {reason}").format(path=path.name, reason=exc))
        with archive, tempfile.TemporaryDirectory(prefix="pantau-form-") as tmp:
            names = [n for n in archive.namelist() if not n.endswith("/") and "__MACOSX" not in n]
            inner = _single_workbook(names, path)
            target = Path(tmp) / PurePosixPath(inner).name
            with archive.open(inner) as source:
                data = source.read(MAX_MEDIA_BYTES * 5 + 1)
            target.write_bytes(data)
            stamp = dt.datetime(*archive.getinfo(inner).date_time).timestamp()
            os.utime(target, (stamp, stamp))  # the version of a form without one is its file's date
            inside: dict[str, str] = {}
            for name in names:
                if PurePosixPath(name).suffix.lower() in MEDIA_SUFFIXES:
                    with archive.open(name) as source:
                        data = source.read(MAX_MEDIA_BYTES + 1)
                    inside[PurePosixPath(name).name] = _text(data, name, path)
            yield FormPackage(target, target.name, {**inside, **extra})
        return
    if not path.is_file():
        raise _problem(path, _("The file {path} does not exist.").format(path=path))
    yield FormPackage(path, path.name, extra)
