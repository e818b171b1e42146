"""The pantau command line: happy paths and bad input, in a real subprocess too."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from desktop.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_stats_json(tmp_path, capsys):
    home = str(tmp_path / "h")
    code, out, _ = run(capsys, "--home", home, "demo", "--records", "300", "--seed", "3")
    assert code == 0 and "300" in out
    code, out, _ = run(capsys, "--home", home, "stats", "--json")
    figures = json.loads(out)
    assert code == 0
    assert figures["total"] == 300
    assert sum(figures["by_kind"].values()) == 300
    assert figures["by_kind"]["observation"] > 150


def test_demo_is_deterministic_with_a_seed(tmp_path, capsys):
    results = []
    for name in ("a", "b"):
        home = str(tmp_path / name)
        run(capsys, "--home", home, "demo", "--records", "200", "--seed", "9")
        _, out, _ = run(capsys, "--home", home, "stats", "--json")
        results.append(json.loads(out))
    assert results[0] == results[1]


def test_audit_verify_ok_and_broken(tmp_path, capsys):
    home = tmp_path / "h"
    run(capsys, "--home", str(home), "demo", "--records", "20")
    code, out, _ = run(capsys, "--home", str(home), "audit", "verify")
    assert code == 0 and out.startswith("OK")
    import sqlite3

    conn = sqlite3.connect(home / "pantau.sqlite3")
    conn.execute("UPDATE audit_log SET at = '2000-01-01' WHERE seq = 7")
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "--home", str(home), "audit", "verify")
    assert code != 0 and "7" in err and "Traceback" not in err


def test_db_info(tmp_path, capsys):
    code, out, _ = run(capsys, "--home", str(tmp_path / "h"), "db", "info")
    assert code == 0 and "Schema version" in out and "pantau.sqlite3" in out


def test_db_override(tmp_path, capsys):
    db = tmp_path / "elsewhere.sqlite3"
    code, out, _ = run(capsys, "--home", str(tmp_path / "h"), "--db", str(db), "demo", "--records", "5")
    assert code == 0 and db.exists()


def test_bad_input_is_one_line_without_traceback(tmp_path, capsys):
    code, _, err = run(capsys, "--home", str(tmp_path / "h"), "demo", "--records", "-4")
    assert code != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, _, err = run(capsys, "--home", str(tmp_path / "h"), "nonsense")
    assert code != 0 and len(err.strip().splitlines()) == 1


def test_not_a_database_is_one_translated_line(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite3"
    bad.write_text("hello")
    code, _, err = run(capsys, "--lang", "id", "--home", str(tmp_path / "h"), "--db", str(bad), "stats")
    assert code == 1 and "bukan basis data Pantau" in err and len(err.strip().splitlines()) == 1


def test_every_subcommand_has_help(capsys):
    for args in (
        ["--help"],
        ["demo", "--help"],
        ["stats", "--help"],
        ["audit", "verify", "--help"],
        ["db", "info", "--help"],
    ):
        code, out, _ = run(capsys, *args)
        assert code == 0 and "Usage" in out


def test_installed_entry_point_runs(tmp_path):
    env = dict(os.environ, PANTAU_HOME=str(tmp_path / "h"))
    result = subprocess.run(
        [sys.executable, "-m", "desktop", "stats", "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["total"] == 0
