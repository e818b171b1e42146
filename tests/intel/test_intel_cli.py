"""The pantau commands for sessions, keywords, follow-up, links and networks."""

from __future__ import annotations

import json

import networkx as nx

from desktop.app_context import AppContext
from desktop.cli import main
from tests.intel.dataset import build_sellers, save


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def fill(home: str) -> None:
    ctx = AppContext.create(home=home)
    try:
        store = ctx.store()
        build_sellers(store)
        save(store, seller_handle="dilaporkan", reported=True, reported_on="2026-05-01", url="https://fb.com/p/1")
    finally:
        ctx.close()


def test_sessions_and_keywords(tmp_path, capsys):
    home = str(tmp_path / "h")
    code, out, _ = run(
        capsys,
        "--home",
        home,
        "sessions",
        "add",
        "--platform",
        "facebook",
        "--date",
        "2026-05-01",
        "--start",
        "09:00",
        "--end",
        "10:30",
        "--keyword",
        "Murai Batu",
        "--keyword",
        "jual",
    )
    assert code == 0 and "Saved monitoring session" in out
    code, out, _ = run(capsys, "--home", home, "sessions", "list", "--json")
    [session] = json.loads(out)
    assert (session["platform"], session["minutes"], session["keywords"]) == ("facebook", 90, ["murai batu", "jual"])
    code, out, _ = run(capsys, "--home", home, "sessions", "effort", "--json")
    assert json.loads(out)["totals"]["hours"] == 1.5
    code, _out, err = run(
        capsys,
        "--home",
        home,
        "sessions",
        "add",
        "--platform",
        "myspace",
        "--date",
        "2026-05-01",
        "--start",
        "9",
        "--end",
        "10:30",
        "--keyword",
        "x",
    )
    assert code != 0 and "Unknown platform 'myspace'" in err and len(err.strip().splitlines()) == 1
    assert run(capsys, "--home", home, "keywords", "add", "Burung Kicau", "--lang", "id")[0] == 0
    code, out, _ = run(capsys, "--home", home, "keywords", "list", "--lang", "id")
    assert "burung kicau" in out.splitlines() and "jual" in out.splitlines()
    assert run(capsys, "--home", home, "keywords", "remove", "jual", "--lang", "id")[0] == 0
    assert "jual" not in run(capsys, "--home", home, "keywords", "list", "--lang", "id")[1].splitlines()


def test_followup_due_and_record(tmp_path, capsys):
    home = str(tmp_path / "h")
    fill(home)
    code, out, _ = run(capsys, "--home", home, "followup", "due", "--json")
    [row] = json.loads(out)
    assert code == 0 and row["followup_due"] == "2026-05-08" and row["seller_handle"] == "dilaporkan"
    code, out, _ = run(capsys, "--home", home, "followup", "record", row["id"], "removed", "--on", "2026-05-06")
    assert code == 0 and "Removed" in out
    assert json.loads(run(capsys, "--home", home, "followup", "due", "--json")[1]) == []
    code, out, _ = run(capsys, "--home", home, "followup", "stats", "--json")
    assert json.loads(out)["median_days"] == 5.0


def test_links_and_network_export(tmp_path, capsys):
    home = str(tmp_path / "h")
    fill(home)
    code, out, _ = run(capsys, "--home", home, "links", "suggest", "--json")
    found = json.loads(out)
    assert code == 0 and len(found) == 4
    assert {r["kind"] for s in found for r in s["reasons"]} == {"phone", "handle", "image", "name"}
    assert all(r["text"] for s in found for r in s["reasons"])
    code, out, _ = run(capsys, "--home", home, "links", "suggest")
    assert "Same phone number +6281234567890" in out and "penjual_dua — penjual_satu" in out
    code, out, _ = run(
        capsys, "--home", home, "links", "confirm", "penjual_satu", "Penjual_Dua", "--network", "Jaringan Murai"
    )
    assert code == 0 and "Jaringan Murai" in out
    assert run(capsys, "--home", home, "links", "reject", "foto_satu", "foto_dua")[0] == 0
    assert len(json.loads(run(capsys, "--home", home, "links", "suggest", "--json")[1])) == 2
    code, out, _ = run(capsys, "--home", home, "network", "list", "--json")
    assert json.loads(out)[0]["accounts"] == ["penjual_dua", "penjual_satu"]
    target = tmp_path / "net.graphml"
    code, out, _ = run(capsys, "--home", home, "network", "export", "--format", "graphml", "--out", str(target))
    assert code == 0 and target.exists()
    graph = nx.read_graphml(target)
    assert graph.nodes["account:penjual_satu"]["network"] == "Jaringan Murai"
    assert graph.edges["account:penjual_dua", "account:penjual_satu"]["kind"] == "link"
    code, _out, err = run(capsys, "--home", home, "links", "confirm", "a", "A")
    assert code == 1 and "itself" in err
