"""``pantau forms import|list|export``: the built-in and hand-written forms, forms with errors
(one line per problem with sheet, row and column, non-zero exit), versions, export."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from desktop.cli import main
from desktop.forms import builtin_form_path, load_xlsform
from tests.questionnaire.conftest import EN, MINI_CHOICES, MINI_SETTINGS, MINI_SURVEY

ROOT = Path(__file__).resolve().parents[2]
PLACE = re.compile(r"^Error: (survey|choices|settings), row \d+, column [\w:() ]+: .+")


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_builtin_and_hand_written_forms_then_list(tmp_path, capsys, full_path, mini_path):
    home = str(tmp_path / "h")
    code, out, _err = run(capsys, "--home", home, "forms", "import", str(builtin_form_path()))
    assert code == 0 and "needs_assessment" in out and "already installed" in out
    code, out, _err = run(capsys, "--home", home, "forms", "import", str(full_path))
    assert code == 0
    assert "Installed form 'full_form' version 3 (English, Bahasa Indonesia)" in out
    warning = [line for line in out.splitlines() if line.startswith("Warning:")]
    assert len(warning) == 1 and "Bahasa Indonesia" in warning[0] and "choices, row 5" in warning[0]
    code, out, _err = run(capsys, "--home", home, "forms", "import", str(mini_path))
    assert code == 0

    code, out, _err = run(capsys, "--home", home, "forms", "list")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    builtin = next(line for line in lines if line.startswith("needs_assessment"))
    assert "2026.1" in builtin and "en id ms" in builtin and "0 responses" in builtin
    code, out, _err = run(capsys, "--home", home, "forms", "list", "--json")
    listed = {f["form_id"]: f for f in json.loads(out)}
    assert listed["full_form"]["version"] == "3" and listed["full_form"]["languages"] == ["en", "id"]
    assert listed["mini"]["responses"] == 0


def test_import_with_errors_prints_each_problem_with_its_place(tmp_path, capsys, make_xlsform):
    home = str(tmp_path / "h")
    survey = [row[:] for row in MINI_SURVEY]
    survey[8][5] = ". >= 1 and and . <= 100"  # row 9: broken constraint
    survey[9][0] = "select_multiple tools_missing"  # row 10: unknown choice list
    survey[12] = survey[12] + [None] * 4 + ["${nobody} = 'x'"]  # row 13: reference to no question
    path = make_xlsform(survey, MINI_CHOICES + [["agency", "police", "Police again", "Polisi lagi"]], MINI_SETTINGS)
    code, out, err = run(capsys, "--home", home, "forms", "import", str(path))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    problems = lines[:-1]
    assert lines[-1].startswith("The form has") and len(problems) >= 4
    assert all(PLACE.match(line) for line in problems), problems
    assert any(line.startswith("Error: survey, row 9, column constraint:") for line in problems)
    assert any(line.startswith("Error: survey, row 10,") for line in problems)
    assert any(line.startswith("Error: survey, row 13, column relevant:") for line in problems)
    assert any(line.startswith("Error: choices, row 13, column name:") for line in problems)
    assert "Traceback" not in err
    code, out, _err = run(capsys, "--home", home, "forms", "list")
    assert "mini" not in out  # nothing was installed


def test_settings_are_optional_and_a_missing_file_is_one_line(tmp_path, capsys, make_xlsform):
    path = make_xlsform([["type", "name", "label"], ["text", "q", "Q"]], None, None)
    code, out, _err = run(capsys, "--home", str(tmp_path / "h"), "forms", "import", str(path))
    assert code == 0 and "Installed form '{form}' version ".format(form=path.stem) in out
    code, out, _err = run(capsys, "--home", str(tmp_path / "h"), "forms", "list")
    assert any(line.startswith(path.stem) and " 20" in line for line in out.splitlines())  # version: the file date
    code, _out, err = run(capsys, "--home", str(tmp_path / "h"), "forms", "import", str(tmp_path / "no.xlsx"))
    assert code == 1 and err.count("\n") == 1 and "does not exist" in err


def test_versions_and_export(tmp_path, capsys, make_xlsform, mini_path):
    home = str(tmp_path / "h")
    run(capsys, "--home", home, "forms", "import", str(mini_path))
    survey = [row[:] for row in MINI_SURVEY]
    survey[2][2] = "Country of work"  # row 3
    v2 = make_xlsform(
        survey, MINI_CHOICES, [MINI_SETTINGS[0], ["mini", "2", "Mini questionnaire", "Kuesioner mini", EN]]
    )
    code, out, _err = run(capsys, "--home", home, "forms", "import", str(v2))
    assert code == 0 and "version 2" in out
    changed = [row[:] for row in survey]
    changed[2][2] = "Changed"  # same version 2, other content
    code, out, err = run(
        capsys,
        "--home",
        home,
        "forms",
        "import",
        str(
            make_xlsform(
                changed, MINI_CHOICES, [MINI_SETTINGS[0], ["mini", "2", "Mini questionnaire", "Kuesioner mini", EN]]
            )
        ),
    )
    assert code == 1 and "settings" in err and "new version" in err

    newest, oldest = tmp_path / "new.xlsx", tmp_path / "old.xlsx"
    assert run(capsys, "--home", home, "forms", "export", "mini", "--out", str(newest))[0] == 0
    assert run(capsys, "--home", home, "forms", "export", "mini", "--version", "1", "--out", str(oldest))[0] == 0
    assert load_xlsform(newest).question("country").labels["en"] == "Country of work"
    assert load_xlsform(oldest).question("country").labels["en"] == "Country"
    assert load_xlsform(oldest).version == "1"
    code, _out, err = run(capsys, "--home", home, "forms", "export", "nope", "--out", str(tmp_path / "x.xlsx"))
    assert code == 1 and err.strip().count("\n") == 0 and "nope" in err


def test_real_pantau_process_exit_codes(tmp_path, make_xlsform, mini_path):
    env = {**os.environ, "PANTAU_HOME": str(tmp_path / "h")}
    ok = subprocess.run(
        [sys.executable, "-m", "desktop", "forms", "import", str(mini_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    bad = make_xlsform([["type", "name", "label"], ["integer", "n", "N"], ["integer", "n", "Again"]])
    failed = subprocess.run(
        [sys.executable, "-m", "desktop", "forms", "import", str(bad)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert failed.returncode == 1
    assert failed.stderr.splitlines()[0].startswith("Error: survey, row 3, column name:")
    assert "Traceback" not in failed.stderr
