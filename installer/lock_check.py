"""Whether the running Python environment holds exactly what requirements/lock.txt locks.

The installer bundles whatever is installed, so it refuses to build from anything but the lock
(``python3 scripts/dev.py setup`` makes ``.venv`` from it).
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.markers import Marker
from packaging.utils import canonicalize_name

PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)==(?P<version>[^\s;\\]+)\s*(?:;(?P<marker>[^\\]+))?")


def locked(lock: Path) -> dict[str, str]:
    """Package → version for every pin of the lock that applies to this platform."""
    pins = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if not match:
            continue
        marker = (match["marker"] or "").strip()
        if marker and not Marker(marker).evaluate():
            continue
        pins[canonicalize_name(match["name"])] = match["version"]
    return pins


def differences(lock: Path) -> list[str]:
    """One line per locked package that is missing or installed at another version."""
    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    out = []
    for name, version in sorted(locked(lock).items()):
        have = installed.get(name)
        if have != version:
            out.append(f"{name}: locked {version}, installed {have or 'nothing'}")
    return out
