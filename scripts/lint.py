#!/usr/bin/env python3
"""Pantau's static checks, as CI runs them (``python3 scripts/dev.py lint``).

- ruff: lint rules and the format check (configured in pyproject.toml);
- mypy on the core packages (everything outside desktop/ui) against ``scripts/mypy-baseline.txt``:
  an error that is not in the baseline fails; the baseline only shrinks
  (``--update-baseline`` rewrites it, and refuses to let it grow);
- import-linter: the architecture contracts in pyproject.toml.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASELINE = ROOT / "scripts" / "mypy-baseline.txt"
SOURCES = ["desktop", "tests", "scripts", "installer", "bench"]
LINE = re.compile(r"^(?P<path>[^:]+):\d+(?::\d+)?: (?P<kind>error|note): (?P<message>.*)$")


def say(message: str) -> None:
    print(f"[pantau lint] {message}", flush=True)


def mypy_errors() -> Counter[str]:
    out = subprocess.run(
        [BIN / "mypy", "desktop", "--no-error-summary", "--hide-error-context", "--no-pretty"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    errors: Counter[str] = Counter()
    for line in out.splitlines():
        match = LINE.match(line)
        if match and match["kind"] == "error":
            errors[f"{match['path']}: {match['message']}"] += 1
    return errors


def baseline() -> Counter[str]:
    if not BASELINE.exists():
        return Counter()
    lines = [ln for ln in BASELINE.read_text(encoding="utf-8").splitlines() if ln and not ln.startswith("#")]
    return Counter(lines)


def check_mypy(update: bool) -> int:
    found, known = mypy_errors(), baseline()
    new = found - known
    if update:
        if new and BASELINE.exists():
            say(f"refusing to grow the baseline by {sum(new.values())} errors; fix them instead")
            return 1
        header = "# mypy errors on the core packages that predate the check: this list only shrinks.\n"
        BASELINE.write_text(header + "".join(f"{e}\n" for e in sorted(found.elements())), encoding="utf-8")
        say(f"mypy baseline: {sum(found.values())} errors")
        return 0
    if new:
        for error in sorted(new.elements()):
            print(error)
        say(f"mypy: {sum(new.values())} errors that are not in scripts/mypy-baseline.txt")
        return 1
    gone = known - found
    if gone:
        say(f"mypy: {sum(gone.values())} baseline errors are fixed: run scripts/lint.py --update-baseline")
    say(f"mypy: no new errors ({sum(found.values())} in the baseline)")
    return 0


def main(argv: list[str]) -> int:
    failed = 0
    if "--update-baseline" in argv:
        return check_mypy(update=True)
    for name, cmd in (
        ("ruff check", [BIN / "ruff", "check", *SOURCES]),
        ("ruff format --check", [BIN / "ruff", "format", "--check", *SOURCES]),
        ("import contracts", [BIN / "lint-imports", "--no-cache"]),
    ):
        result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if result.returncode:
            print(result.stdout[-20000:], result.stderr[-5000:])
            say(f"{name}: FAILED")
            failed += 1
        else:
            say(f"{name}: ok")
    failed += check_mypy(update=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
