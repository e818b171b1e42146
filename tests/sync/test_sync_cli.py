"""The sync commands through desktop.cli.main: happy paths, bad paths, exit codes."""

from __future__ import annotations

import json

from desktop.cli import main


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_device_to_coordinator(tmp_path, capsys):
    dev, coord = str(tmp_path / "dev"), str(tmp_path / "coord")
    card, out = tmp_path / "card.json", tmp_path / "out"
    code, text, _ = run(capsys, "--home", coord, "coordinator", "init", "--name", "HQ Jakarta", "--out", str(card))
    assert code == 0 and "HQ Jakarta" in text and card.exists()
    code, text, err = run(capsys, "--home", coord, "coordinator", "init", "--name", "again", "--out", str(card))
    assert code == 1 and "already a coordinator" in err

    code, text, _ = run(capsys, "--home", dev, "keys", "show", "--json")
    info = json.loads(text)
    assert code == 0 and set(info) == {"device_id", "fingerprint", "public_key", "age_recipient"}
    assert info["age_recipient"].startswith("age1")  # what the device's records in update packs are encrypted to
    code, text, _ = run(capsys, "--home", dev, "keys", "show")
    assert info["fingerprint"] in text and "not encrypted" in text

    code, text, _ = run(capsys, "--home", dev, "export", "--to", str(out))
    assert code == 0 and "Nothing to export" in text
    run(capsys, "--home", dev, "demo", "--records", "20", "--seed", "2")
    code, text, _ = run(capsys, "--home", dev, "export", "--to", str(out / "plain"))
    assert code == 0 and "Not encrypted" in text
    plain = text.splitlines()[0]
    assert plain.endswith("-000001.pantau")

    code, text, _ = run(capsys, "--home", dev, "keys", "import-card", str(card))
    assert code == 0 and "HQ Jakarta" in text
    run(capsys, "--home", dev, "demo", "--records", "5", "--seed", "3")
    code, text, _ = run(capsys, "--home", dev, "export", "--to", str(out))
    assert code == 0 and "Encrypted for: HQ Jakarta" in text
    encrypted = text.splitlines()[0]

    code, text, _ = run(capsys, "--home", coord, "verify", encrypted)
    assert code == 0 and info["fingerprint"] in text and "unknown" in text and "9 new" in text  # 5 records, 4 sessions
    code, text, _ = run(capsys, "--home", dev, "verify", encrypted)  # the device cannot decrypt it
    assert code == 1 and "rejected" in text

    code, text, _ = run(capsys, "--home", coord, "import", "--dry-run", str(out))
    assert code == 0 and text.count("device unknown") == 2
    code, text, _ = run(capsys, "--home", coord, "import", str(out / "plain"), encrypted)
    assert code == 0 and text.count("quarantined") == 2
    code, text, _ = run(capsys, "--home", coord, "coordinator", "devices")
    assert info["fingerprint"] in text and "quarantined" in text
    code, text, _ = run(capsys, "--home", coord, "coordinator", "approve", info["fingerprint"])
    assert code == 0 and text.count("imported bundle") == 2
    code, text, _ = run(capsys, "--home", coord, "import", encrypted)
    assert code == 0 and "already imported" in text
    code, text, _ = run(capsys, "--home", coord, "audit", "verify")
    assert code == 0 and "OK" in text
    code, text, _ = run(capsys, "--home", coord, "stats", "--json")
    assert json.loads(text)["total"] == 25
    code, text, _ = run(capsys, "--home", coord, "coordinator", "log")
    assert code == 0 and text.count("imported") == 2
    code, text, _ = run(capsys, "--home", coord, "coordinator", "conflicts")
    assert code == 0 and "No conflicts" in text

    identity = tmp_path / "identity.txt"
    code, text, _ = run(capsys, "--home", coord, "coordinator", "export-identity", "--out", str(identity))
    assert code == 0 and identity.read_text().count("AGE-SECRET-KEY-1") == 1

    code, text, _ = run(capsys, "--home", coord, "coordinator", "revoke", info["fingerprint"])
    assert code == 0 and "revoked" in text
    run(capsys, "--home", dev, "demo", "--records", "1", "--seed", "4")
    code, text, _ = run(capsys, "--home", dev, "export", "--to", str(tmp_path / "late"))
    code, text, _ = run(capsys, "--home", coord, "import", text.splitlines()[0])
    assert code == 1 and "rejected" in text and "revoked" in text


def test_cli_bad_paths(tmp_path, capsys):
    dev, coord = str(tmp_path / "dev"), str(tmp_path / "coord")
    run(capsys, "--home", coord, "coordinator", "init", "--name", "HQ", "--out", str(tmp_path / "card.json"))
    junk = tmp_path / "junk.pantau"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip")
    code, text, _ = run(capsys, "--home", coord, "import", str(junk), str(tmp_path / "missing.pantau"))
    assert code == 1 and text.count("rejected") == 2
    code, text, _ = run(capsys, "--home", coord, "verify", str(junk))
    assert code == 1 and "rejected" in text
    code, text, err = run(capsys, "--home", dev, "import", str(junk))
    assert code == 1 and "not a coordinator" in err
    code, _, err = run(capsys, "--home", dev, "keys", "import-card", str(junk))
    assert code == 1 and "not a Pantau coordinator card" in err
    code, _, err = run(capsys, "--home", coord, "coordinator", "approve", "0123456789ABCDEF")
    assert code == 1 and "No device with fingerprint" in err
    code, _, err = run(capsys, "--home", dev, "coordinator", "export-identity", "--out", str(tmp_path / "x"))
    assert code == 1 and "not a coordinator" in err
    code, _, err = run(capsys, "--home", dev, "apply-pack", str(junk))
    assert code == 1 and "Error:" in err
    code, text, _ = run(capsys, "--home", dev, "sync", "folder")
    assert code == 0 and "No sync folder" in text
    code, _, err = run(capsys, "--home", dev, "sync", "tick")
    assert code == 1 and "No sync folder is set" in err
    code, text, _ = run(capsys, "--home", dev, "sync", "folder", str(tmp_path / "usb"))
    assert code == 0
    code, text, _ = run(capsys, "--home", dev, "sync", "tick")
    assert code == 1 and "cannot be reached" in text
    code, _, err = run(capsys, "--home", coord, "export", "--to", str(junk))  # a file, not a folder
    assert code != 0 and "Traceback" not in err
