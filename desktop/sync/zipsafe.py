"""Writing zips deterministically and reading untrusted zips safely.

Nothing is ever extracted by name: entries are streamed (``open_zip``) or read
into memory (``read_zip``, small zips only), each under a size limit chosen by its name, so path traversal, absolute paths, symlinks and
unexpected folders cannot reach the disk. Reading refuses unknown names,
duplicate names, too many entries, encrypted entries, unusual compression,
oversized entries and suspicious compression ratios (zip bombs), and stops
reading an entry as soon as it grows past its declared size.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import Callable

from desktop.i18n import _
from desktop.sync.errors import BundleError

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
CHUNK = 1 << 20
MiB = 1 << 20


def build_zip(entries: list[tuple[str, bytes, bool]], level: int = 6) -> bytes:
    """A zip of (name, data, compress) entries in the given order, with fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", allowZip64=True) as zf:
        for name, data, compress in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compresslevel=level if compress else None)
    return out.getvalue()


@dataclass(frozen=True)
class ZipRules:
    """``limit_for(name)`` is the largest allowed size of an entry, or None when the name is not allowed."""

    limit_for: Callable[[str], int | None]
    max_entries: int = 50_000
    max_total: int = 4 * 1024 * MiB
    max_ratio: int = 200  # uncompressed / compressed, for entries above 1 MiB


def _zip_error(message: str) -> BundleError:
    return BundleError("zip", message)


class SafeZip:
    """An untrusted zip whose central directory passed every structural check; entries are read
    one at a time on demand, streamed in chunks of at most 1 MiB, never past a size limit."""

    def __init__(self, zf: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], what: str):
        self.zf = zf
        self.infos = infos
        self.what = what

    def names(self) -> list[str]:
        return list(self.infos)

    def size(self, name: str) -> int:
        return self.infos[name].file_size

    def chunks(self, name: str, limit: int | None = None):
        """The entry's bytes in chunks; raises BundleError('zip') when it grows past its declared size
        or ``limit``, or is damaged."""
        info = self.infos[name]
        limit = info.file_size if limit is None else min(limit, info.file_size)
        damaged = _("{what} is damaged, truncated or not a Pantau file.").format(what=self.what)
        done = 0
        try:
            with self.zf.open(info) as fh:
                while True:
                    chunk = fh.read(CHUNK)
                    if not chunk:
                        break
                    done += len(chunk)
                    if done > limit:
                        raise _zip_error(
                            _("{what}: the entry '{name}' is larger than it claims.").format(what=self.what, name=name)
                        )
                    yield chunk
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
            raise _zip_error(damaged) from None

    def read(self, name: str, limit: int | None = None) -> bytes:
        """A whole (small) entry."""
        return b"".join(self.chunks(name, limit))


def open_zip(data: bytes, rules: ZipRules, what: str) -> SafeZip:
    """Check the zip ``data``'s central directory (names, duplicates, counts, sizes, compression,
    ratios) without decompressing anything; raises BundleError('zip')."""
    damaged = _("{what} is damaged, truncated or not a Pantau file.").format(what=what)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError, NotImplementedError):
        raise _zip_error(damaged) from None
    if len(infos) > rules.max_entries:
        raise _zip_error(_("{what} has too many entries ({n}).").format(what=what, n=len(infos)))
    seen: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        limit = rules.limit_for(name)
        if limit is None:
            raise _zip_error(_("{what} contains an unexpected entry '{name}'.").format(what=what, name=name[:120]))
        if name in seen:
            raise _zip_error(_("{what} contains the entry '{name}' twice.").format(what=what, name=name))
        seen[name] = info
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _zip_error(
                _("{what}: the entry '{name}' is stored in a way Pantau does not accept.").format(what=what, name=name)
            )
        if info.file_size > limit:
            raise _zip_error(_("{what}: the entry '{name}' is too large.").format(what=what, name=name))
        if info.file_size > MiB and info.file_size > rules.max_ratio * max(info.compress_size, 1):
            raise _zip_error(
                _("{what}: the entry '{name}' is compressed suspiciously well (a zip bomb?).").format(
                    what=what, name=name
                )
            )
        total += info.file_size
        if total > rules.max_total:
            raise _zip_error(_("{what} is too large when unpacked.").format(what=what))
    return SafeZip(zf, seen, what)


def read_zip(data: bytes, rules: ZipRules, what: str) -> dict[str, bytes]:
    """Every entry of the zip ``data`` by name, after the safety checks; raises BundleError('zip').
    For small zips (update packs); bundles are read entry by entry with ``open_zip``."""
    safe = open_zip(data, rules, what)
    return {name: safe.read(name) for name in safe.names()}
