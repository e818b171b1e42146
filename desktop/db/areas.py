"""The store's queries by area: ``store.queries.intel.list_sessions(a, b)`` calls
``desktop.db.intel_sql.list_sessions(conn, a, b)`` with the store's own connection.

The connection never leaves the store and this package: code above the store reaches every query
through ``store.queries.<area>`` (and writes inside ``with store.transaction():``). An area offers the
callables of its module whose first parameter is ``conn`` (the connection) or ``db`` (the
sqlite_utils Database); types and constants stay where they are (import them from the module).

To add a query: write ``def fn(conn, ...)`` in the right module of :data:`AREAS`; it is then
``store.queries.<area>.fn(...)``. A new module becomes an area by one line in :data:`AREAS`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from types import ModuleType
from typing import Any

from desktop.db import (
    audit,
    backup,
    drafts_sql,
    entities,
    forms_sql,
    intel_sql,
    networks_sql,
    ownership_sql,
    queries,
    records,
    reference,
    report_sql,
    state_check,
    sync_sql,
)

# area name -> the module whose queries it offers (one place; ``dir(store.queries)`` lists them)
AREAS: dict[str, ModuleType] = {
    "audit": audit,  # hash-chained audit log, history, verification
    "backup": backup,  # online backup of the live database
    "drafts": drafts_sql,  # drafts, exchange rates
    "entities": entities,  # the one writer's rows of every entity kind
    "forms": forms_sql,  # installed forms, responses, workshops, double entry
    "intel": intel_sql,  # monitoring sessions, keywords, follow-up, effort figures
    "networks": networks_sql,  # seller links and networks
    "ownership": ownership_sql,  # grants, refused changes, device officers, sequences
    "lists": queries,  # record lists, counts, duplicates (ListFilter)
    "records": records,  # record bodies, meta values
    "reference": reference,  # imported reference lists, ref_* tables
    "report": report_sql,  # report and figure queries
    "state_check": state_check,  # start-up state check
    "sync": sync_sql,  # devices, imports, conflicts, packs
}
_BOUND = ("conn", "db")  # first parameter names an area binds


@functools.cache
def _offered(module: ModuleType) -> dict[str, tuple[Callable[..., Any], str]]:
    """Public callables of ``module`` (defined in desktop.db) taking the connection or db first."""
    out = {}
    for name, value in vars(module).items():
        if name.startswith("_") or not callable(value):
            continue
        if not (getattr(value, "__module__", "") or "").startswith("desktop.db"):
            continue
        try:
            params = list(inspect.signature(value).parameters)
        except (TypeError, ValueError):
            continue
        if params and params[0] in _BOUND:
            out[name] = (value, params[0])
    return out


class Area:
    """One module's queries with the store's connection bound as first argument."""

    def __init__(self, name: str, module: ModuleType, db) -> None:
        self._name, self._module, self._db = name, module, db
        self._cache: dict[str, Callable[..., Any]] = {}

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)
        bound = self._cache.get(name)
        if bound is None:
            offered = _offered(self._module).get(name)
            if offered is None:
                raise AttributeError(f"store.queries.{self._name} has no query {name!r} ({self._module.__name__})")
            fn, first = offered
            bound = functools.partial(fn, self._db.conn if first == "conn" else self._db)
            self._cache[name] = bound
        return bound

    def __dir__(self) -> list[str]:
        return sorted(_offered(self._module))

    def __repr__(self) -> str:
        return f"<store.queries.{self._name}: {self._module.__name__}>"


class Queries:
    """``store.queries``: one :class:`Area` per entry of :data:`AREAS`."""

    audit: Area
    backup: Area
    drafts: Area
    entities: Area
    forms: Area
    intel: Area
    networks: Area
    ownership: Area
    lists: Area
    records: Area
    reference: Area
    report: Area
    state_check: Area
    sync: Area

    def __init__(self, db) -> None:
        for name, module in AREAS.items():
            setattr(self, name, Area(name, module, db))

    def __dir__(self) -> list[str]:
        return sorted(AREAS)
