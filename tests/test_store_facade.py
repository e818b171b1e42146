"""The store facade is closed: no code outside desktop/store.py and desktop/db/ holds the SQLite
connection. Services reach every query through ``store.queries.<area>`` and group writes in
``with store.transaction():`` (which hands nothing out)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from desktop.db import areas
from desktop.db.queries import ListFilter

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desktop"
TESTS = ROOT / "tests"
BENCH = ROOT / "bench"
PRIVATE = {"conn", "_conn", "_db"}  # the store's connection and its sqlite_utils Database
# Tests of the database layer itself, on a Database that open_database returned (no store involved),
# and the helper that opens a store's file a second time for tampering tests.
TESTS_BENEATH_THE_STORE = {"tests/db/test_open.py", "tests/intel/test_migration.py", "tests/raw_db.py"}


def facade_violations(source: str, name: str = "<source>") -> list[str]:
    """``name:line`` of every ``.conn`` / ``._conn`` / ``._db`` attribute and every
    ``with ….transaction() as x`` in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if isinstance(node, ast.Attribute) and node.attr in PRIVATE:
            found.append(f"{name}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            call = node.context_expr
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "transaction":
                found.append(f"{name}:{call.lineno}: transaction() as …")
    return found


@pytest.mark.parametrize(
    "source",
    [
        "rows = intel_sql.list_sessions(store.conn, a, b)\n",
        "def f(self):\n    return self.store.conn.execute('x')\n",
        "conn = store._conn\n",
        "store._db.atomic()\n",
        "with store.transaction() as conn:\n    pass\n",
        "with a, self.store.transaction() as c:\n    pass\n",
    ],
)
def test_the_check_catches_a_planted_violation(source):
    assert facade_violations(source)


def test_the_check_passes_facade_code():
    source = (
        "def f(store):\n"
        "    with store.transaction():\n"
        "        store.queries.intel.set_keyword_edit('en', 'w', 'added', now, who)\n"
        "    with open('x') as fh, lock:\n"
        "        pass\n"
        "    return store.queries.intel.list_sessions(a, b)\n"
    )
    assert facade_violations(source) == []


def test_the_check_catches_a_planted_violation_in_a_file(tmp_path):
    planted = tmp_path / "planted.py"
    planted.write_text("def effort(store):\n    conn = store.conn\n    return conn\n", encoding="utf-8")
    assert facade_violations(planted.read_text(encoding="utf-8"), planted.name) == ["planted.py:2: .conn"]


def test_no_module_outside_the_store_and_db_holds_the_connection():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "db" or rel.as_posix() == "store.py":
            continue
        offenders += facade_violations(path.read_text(encoding="utf-8"), f"desktop/{rel.as_posix()}")
    assert offenders == []


def test_tests_and_benchmarks_use_the_facade_too():
    offenders = []
    for path in sorted([*TESTS.rglob("*.py"), *BENCH.rglob("*.py")]):
        rel = path.relative_to(ROOT).as_posix()
        if rel in TESTS_BENEATH_THE_STORE:
            continue
        offenders += facade_violations(path.read_text(encoding="utf-8"), rel)
    assert offenders == []


# -- store.queries ---------------------------------------------------------------------------------


def test_every_area_is_declared_and_offers_only_queries(store):
    assert sorted(areas.AREAS) == sorted(areas.Queries.__annotations__) == dir(store.queries)
    offered = dir(store.queries.intel)
    assert "list_sessions" in offered and "effort_totals" in offered
    assert "ListFilter" not in dir(store.queries.lists)  # types stay in their module
    assert "TABLES" not in dir(store.queries.lists)  # so do constants
    assert all(not name.startswith("_") for area in areas.AREAS for name in dir(getattr(store.queries, area)))
    with pytest.raises(AttributeError, match="no query 'no_such_query'"):
        store.queries.intel.no_such_query  # noqa: B018 - the attribute access is the test


def test_the_store_has_no_public_connection(store):
    assert not hasattr(store, "conn") and not hasattr(store, "db")
    transaction = store.transaction()
    assert transaction.__enter__() is None  # it hands nothing out
    transaction.__exit__(None, None, None)


def test_queries_run_on_the_store_connection_and_inside_its_transaction(store):
    assert store.queries.records.get_meta("device_id") == store.device_id
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.queries.records.set_meta("facade_probe", "1")
            assert store.queries.records.get_meta("facade_probe") == "1"  # the same connection sees it
            raise RuntimeError("roll back")
    assert store.queries.records.get_meta("facade_probe") is None  # rolled back with the transaction
    told = []
    store.add_change_listener(lambda: told.append(1))
    with store.transaction():
        store.queries.records.set_meta("facade_probe", "2")
    assert told == [1] and store.queries.records.get_meta("facade_probe") == "2"


def test_queries_bound_to_the_database_object(store):
    """A function of desktop.db taking ``db`` first (the sqlite_utils Database) gets it bound too."""
    before = store.count(ListFilter())
    tables = store.ref.table_rows()
    assert store.queries.reference.load_reference_tables(tables) is False  # unchanged: nothing reloaded
    assert store.count(ListFilter()) == before


def test_backups_go_through_the_facade(store, tmp_path):
    from desktop.backups import Backups

    info = Backups(tmp_path / "b").create(store.queries.backup.backup_database, "manual")
    assert info.path.exists() and info.reason == "manual"
