"""Errors of the sync area; messages are translated, ``code`` names what failed."""

from __future__ import annotations

from desktop.errors import PantauError
from desktop.security.sealed_keys import KeyStoreError

__all__ = ["BundleError", "KeyStoreError", "SyncFolderError"]


class BundleError(PantauError):
    """A bundle or update pack was refused. ``code`` names the check that failed:
    'read', 'decrypt', 'zip', 'format', 'signature', 'hash', 'schema', 'record',
    'audit', 'trust', 'revoked', 'fork' (a second, different bundle with a number already received),
    'untrusted' (update pack from an unknown
    coordinator), 'coordinator' (this home is not a coordinator), 'training' (a training bundle at a real
    coordinator, or a real bundle in a training sandbox)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


class SyncFolderError(PantauError):
    """The sync folder is not set or cannot be used."""
