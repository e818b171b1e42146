"""Protection of data at rest: the officer's passphrase, the wrapped master key,
derived keys for the database, evidence and signing key, and recovery through
the coordinator's age identity."""

from desktop.security.keyring import KeyRing, PassphraseProblem, WrongPassphrase, check_passphrase_strength

__all__ = ["KeyRing", "WrongPassphrase", "PassphraseProblem", "check_passphrase_strength"]
