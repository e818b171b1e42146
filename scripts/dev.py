#!/usr/bin/env python3
"""Set up Pantau from a fresh clone and run it, its tests, its checks or its benchmarks.

    python3 scripts/dev.py run [pantau options]   # set up, then start the app
    python3 scripts/dev.py test [pytest options]  # set up, then run every test and the lint checks
    python3 scripts/dev.py test --fast            # set up, then the tests not marked slow (a few minutes)
    python3 scripts/dev.py lint                   # ruff (lint, format), mypy (baseline), import contracts
    python3 scripts/dev.py setup                  # set up only
    python3 scripts/dev.py bench [--quick]        # set up, then run every benchmark (bench/)
    python3 scripts/dev.py bench --only app,sync  # only these (bench_app.py, bench_sync.py)
    python3 scripts/dev.py lock [--check]         # regenerate requirements/lock.txt (or check it)

Setting up means: create ``.venv`` with this Python (3.11+), install exactly the locked
dependency tree of ``requirements/lock.txt`` (with hashes), install Pantau itself without
dependencies, compile the translation catalogs, and check the system libraries Qt needs
(installing them with apt-get when run as root on Debian/Ubuntu; otherwise naming the packages).
When the lock changes, ``.venv`` is made anew. Nothing is downloaded at run time or by the tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".pantau-installed"
LOCK = ROOT / "requirements" / "lock.txt"
LOCK_INPUTS = ["pyproject.toml", "requirements/build.in"]
LOCK_OPTIONS = ["--extra", "dev", "--universal", "--python-version", "3.11", "--generate-hashes"]

# Shared library -> Debian package, for what PySide6's wheels do not ship.
QT_LIBS = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-image.so.0": "libxcb-image0",
}
# Tools the tests use to check Pantau's output independently (bundles, PDFs).
TEST_TOOLS = {"minisign": "minisign", "age": "age", "pdftoppm": "poppler-utils"}


def say(message: str) -> None:
    print(f"[pantau setup] {message}", flush=True)


def run(cmd: list, **kw) -> None:
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, **kw)


def can_apt() -> bool:
    return sys.platform.startswith("linux") and shutil.which("apt-get") is not None and os.geteuid() == 0


def apt_install(packages: list[str]) -> bool:
    if not packages or not can_apt():
        return False
    say("installing system packages: " + " ".join(packages))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, stdout=subprocess.DEVNULL)
    result = subprocess.run(["apt-get", "install", "-y", "-qq", *packages], env=env, stdout=subprocess.DEVNULL)
    return result.returncode == 0


def install_digest() -> str:
    """What decides the contents of ``.venv``: the lock, and pyproject's [project] table (entry points,
    dependencies). Tool settings (ruff, mypy, import contracts, pytest) change nothing installed."""
    import json
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8")).get("project", {})
    return hashlib.sha256(LOCK.read_bytes() + json.dumps(project, sort_keys=True).encode()).hexdigest()


def ensure_venv() -> None:
    """``.venv`` holds exactly the lock: made anew whenever the lock or the [project] table changes."""
    if sys.version_info < (3, 11):
        sys.exit("Pantau needs Python 3.11 or newer; run this script with python3.11.")
    digest = install_digest()
    if PY.exists() and STAMP.exists() and STAMP.read_text() == digest:
        return
    if VENV.exists():
        say("the lock changed: making .venv anew")
        shutil.rmtree(VENV)
    say("creating .venv")
    run([sys.executable, "-m", "venv", VENV])
    pip = [PY, "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    say("installing the locked dependencies (requirements/lock.txt) into .venv")
    run([*pip, "--require-hashes", "--no-deps", "-r", LOCK])
    say("installing Pantau itself (no dependencies, no build isolation: the lock has the build tools)")
    run([*pip, "--no-deps", "--no-build-isolation", "-e", "."])
    STAMP.write_text(digest)


def _without_header(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    return lines


def lock(check: bool) -> int:
    """Regenerate the lock with uv (kept in the lock itself), preferring the versions already locked.

    Uses the uv of the existing ``.venv`` as it is (set-up would make ``.venv`` anew once pyproject.toml
    changed, under the very process running this); only a missing ``.venv`` is set up first.
    """
    uv = BIN / "uv"
    if not uv.exists():
        ensure_venv()
    if not check:
        run([uv, "pip", "compile", *LOCK_INPUTS, *LOCK_OPTIONS, "-o", LOCK])
        return 0
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "lock.txt"
        shutil.copy2(LOCK, copy)
        run([uv, "pip", "compile", "-q", *LOCK_INPUTS, *LOCK_OPTIONS, "-o", copy, "--no-header"])
        if _without_header(LOCK) != _without_header(copy):
            say("requirements/lock.txt does not match pyproject.toml: run python3 scripts/dev.py lock")
            return 1
    say("requirements/lock.txt matches pyproject.toml")
    return 0


def compile_catalogs() -> None:
    run([PY, ROOT / "scripts" / "catalogs.py", "compile"])


def missing_libs(library: Path) -> list[str]:
    if not sys.platform.startswith("linux") or not library.exists():
        return []
    out = subprocess.run(["ldd", str(library)], capture_output=True, text=True).stdout
    return [line.split()[0] for line in out.splitlines() if "not found" in line]


def check_qt(gui: bool) -> None:
    qt = (
        Path(
            subprocess.run(
                [PY, "-c", "import PySide6, os; print(os.path.dirname(PySide6.__file__))"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        / "Qt"
    )
    libs = missing_libs(qt / "lib" / "libQt6Gui.so.6") + missing_libs(qt / "plugins" / "platforms" / "libqoffscreen.so")
    if gui:
        libs += missing_libs(qt / "plugins" / "platforms" / "libqxcb.so")
    packages = sorted({QT_LIBS.get(lib, lib) for lib in libs})
    if packages and not apt_install(packages):
        sys.exit(
            "Qt needs these system libraries, which are missing: "
            + ", ".join(sorted(set(libs)))
            + "\nInstall them, e.g.: sudo apt-get install "
            + " ".join(packages)
        )


def check_test_tools() -> None:
    missing = [pkg for tool, pkg in TEST_TOOLS.items() if shutil.which(tool) is None]
    if missing and not apt_install(missing):
        say(
            "note: tests that check bundles and PDFs with independent tools will be skipped; "
            "install: " + " ".join(missing)
        )


def setup(gui: bool = False, tests: bool = False) -> None:
    ensure_venv()
    compile_catalogs()
    check_qt(gui)
    if tests:
        check_test_tools()


# The benchmark suite (bench/README.md): each script prints its table of ratios against the plain
# alternative measured in the same run. --quick uses smaller databases, for a first look.
BENCHMARKS = [
    ("bench_app.py", ["--records", "1000000", "--offscreen"], ["--records", "20000", "--rounds", "3"]),
    ("bench_sync.py", ["--records", "100000"], ["--records", "10000"]),
    (
        "bench_encryption.py",
        ["--records", "100000", "--batch", "5000", "--rounds", "3"],
        ["--records", "10000", "--batch", "1000", "--rounds", "1"],
    ),
    ("bench_reports.py", ["--records", "100000"], ["--records", "10000"]),
    ("bench_import.py", ["--rows", "100000", "--pairs", "2"], ["--rows", "10000", "--pairs", "2"]),
    ("bench_species.py", ["--taxa", "50000"], ["--taxa", "5000"]),
]


def bench(quick: bool, only: list[str] | None = None) -> int:
    """Run every benchmark (or those named in ``only``, e.g. ``app`` for bench_app.py); the JSON line
    each prints goes to bench/results/ and the README's tables."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_history

    chosen = [b for b in BENCHMARKS if not only or b[0].removeprefix("bench_").removesuffix(".py") in only]
    if only and len(chosen) != len(set(only)):
        known = ", ".join(b[0].removeprefix("bench_").removesuffix(".py") for b in BENCHMARKS)
        sys.exit(f"unknown benchmark in --only {','.join(only)}: choose from {known}")
    failed = 0
    for script, full, small in chosen:
        args = small if quick else full
        say(f"{script} {' '.join(args)}")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        child = subprocess.Popen(
            [PY, ROOT / "bench" / script, *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        output = []
        for line in child.stdout:
            print(line, end="", flush=True)
            output.append(line)
        failed += child.wait() != 0
        bench_history.append(
            bench_history.figures_in("".join(output)), script, [*args, *(["--quick"] if quick else [])]
        )
    bench_history.render()
    return 1 if failed else 0


def lint() -> int:
    return subprocess.run([PY, ROOT / "scripts" / "lint.py"], cwd=ROOT).returncode


def test(rest: list[str]) -> int:
    """The whole suite and the lint checks (CI, the README); ``--fast`` leaves out tests marked slow."""
    if "--fast" in rest:
        rest = [arg for arg in rest if arg != "--fast"]
        return subprocess.run([PY, "-m", "pytest", "-m", "not slow", *rest], cwd=ROOT).returncode
    checks = lint() if not rest else 0
    tests = subprocess.run([PY, "-m", "pytest", *rest], cwd=ROOT).returncode
    return tests or checks


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "run"
    rest = argv[1:]
    if command == "setup":
        setup(tests=True)
        return 0
    if command == "test":
        setup(tests=True)
        return test(rest)
    if command == "lint":
        ensure_venv()
        return lint()
    if command == "run":
        setup(gui=True)
        return subprocess.run([PY, "-m", "desktop", *rest], cwd=ROOT).returncode
    if command == "bench":
        setup(gui=True, tests=True)
        if shutil.which("Xvfb") is None and not apt_install(["xvfb"]) and not os.environ.get("DISPLAY"):
            say("note: no display and no Xvfb; start-up is measured offscreen only (install xvfb)")
        only = rest[rest.index("--only") + 1].split(",") if "--only" in rest[:-1] else None
        return bench(quick="--quick" in rest, only=only)
    if command == "lock":
        return lock(check="--check" in rest)
    sys.exit(f"unknown command {command!r}: use run, test, lint, bench, lock or setup")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
