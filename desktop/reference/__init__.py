"""Shipped reference lists (species, legal protection, platforms, places, agencies, currencies, CITES codes).

Pure Python: no Qt, no SQL. ``load_reference()`` returns a fresh :class:`ReferenceData`; cache it yourself.
"""

from desktop.reference.catalog import ReferenceData, load_reference
from desktop.reference.models import ProtectionStatus, Species
from desktop.reference.tables import ReferenceDataError

__all__ = ["load_reference", "ReferenceData", "Species", "ProtectionStatus", "ReferenceDataError"]
