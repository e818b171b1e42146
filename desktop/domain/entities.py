"""The registry of versioned entity kinds: every kind an officer creates or decides on and that
travels to the coordinator.

Each kind has a dataclass with the records' envelope and ``to_dict``/``from_dict``, and a rule
check. The store's one writer (:meth:`desktop.store.Store.write_entities`), the database tables
(:mod:`desktop.db.entities`), bundle export and checks (:mod:`desktop.sync.export`,
:mod:`desktop.sync.bundle`), the merge at the coordinator, conflicts and ``audit verify`` all read
this registry, so adding a kind here (plus its table) is what makes it sync.

Kinds that stay on the device, and why: keyword-list edits (a device's own search list), drafts,
exchange rates, workshop sessions and double-entry comparisons (a trainer's laptop runs the
workshop; its outcome, the questionnaire responses, are records and travel). Follow-up outcomes
are fields of the observation, so they travel with it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from desktop.domain.monitoring import (
    MONITORING_SESSION,
    SELLER_LINK,
    SELLER_NETWORK,
    MonitoringSession,
    SellerLink,
    SellerNetwork,
    validate_link,
    validate_network,
    validate_session,
)
from desktop.domain.records import KINDS as RECORD_KINDS
from desktop.domain.records import RECORD_CLASSES
from desktop.domain.validation import Problem

# export order: records, then sessions (adverts point at them), networks, links (they point at networks)
ENTITY_CLASSES: dict[str, Any] = {  # kind -> dataclass with from_dict/to_dict
    **RECORD_CLASSES,
    MONITORING_SESSION: MonitoringSession,
    SELLER_NETWORK: SellerNetwork,
    SELLER_LINK: SellerLink,
}
ENTITY_KINDS = tuple(ENTITY_CLASSES)
OTHER_KINDS = tuple(k for k in ENTITY_KINDS if k not in RECORD_KINDS)


def is_record(kind: str) -> bool:
    return kind in RECORD_KINDS


def entity_from_dict(data: dict[str, Any]):
    kind = data.get("kind")
    if kind not in ENTITY_CLASSES:
        raise ValueError(f"unknown entity kind: {kind!r}")
    return ENTITY_CLASSES[kind].from_dict(data)


def validate(entity, validator, today: dt.date | None = None) -> list[Problem]:
    """Every problem of ``entity`` (any kind), errors and warnings. ``validator`` is the store's
    :class:`desktop.domain.rules.Validator` (its reference data checks sessions too)."""
    if entity.kind in RECORD_KINDS:
        return validator.validate(entity, today)
    if entity.kind == MONITORING_SESSION:
        return validate_session(entity, validator.ref, today)
    if entity.kind == SELLER_LINK:
        return validate_link(entity)
    return validate_network(entity)
