"""Reference and legal lists that travel in a coordinator's update pack (files under ``reference/``).

Minimal placeholder: this version of Pantau knows no updatable reference file, so a
coordinator sends none (:func:`reference_update_files` returns nothing) and a pack that
carries one is refused with a clear message, changing nothing. The real module
(species and legal lists with their source and date) replaces this one.
"""

from __future__ import annotations

from desktop.errors import PantauError
from desktop.i18n import _


class ReferenceUpdateError(PantauError):
    """A reference file in an update pack that this device cannot apply."""


def reference_update_files(store) -> dict[str, bytes]:
    """The reference files this coordinator sends to its devices (none in this version)."""
    return {}


def apply_reference_update(store, files: dict[str, bytes]) -> list[str]:
    """Apply reference files from an update pack; returns one line per change made."""
    for name in sorted(files):
        raise ReferenceUpdateError(
            _("The update pack carries the reference file '{name}', which this version of Pantau cannot use.").format(
                name=name
            )
        )
    return []
