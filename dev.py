#!/usr/bin/env python3
"""The README's two commands, for a fresh machine that has only Python 3.11+.

    python3 dev.py demo     # install, build the Lạng Sơn demo, serve http://127.0.0.1:8000
    python3 dev.py test     # install, run the whole test suite

Creates ``.venv`` beside this file and installs the locked dependencies into it (again
only when the lock file changes), then runs ``dieuhanh demo`` or ``pytest`` inside it.
Extra arguments go through: ``python3 dev.py demo --password X``, ``python3 dev.py test -k units``.
Standard library only, so it runs before anything is installed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
LOCK = ROOT / "requirements" / "dev.lock"
STAMP = VENV / ".dieuhanh-lock.sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script must run on any python3
        sys.exit(f"dieuhanh needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    wanted = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    if not (BIN / "python").exists():
        print("· Creating the virtual environment .venv", flush=True)
        try:
            venv.create(VENV, with_pip=True)
        except Exception as exc:
            sys.exit(
                f"Could not create a virtual environment ({exc}).\n"
                "On Debian/Ubuntu install it first: sudo apt-get install python3-venv"
            )
    pip = [str(BIN / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    print("· Installing the locked dependencies (first run: a few minutes)", flush=True)
    subprocess.run([*pip, "install", "--require-hashes", "-r", str(LOCK)], check=True)
    subprocess.run([*pip, "install", "--no-deps", "-e", str(ROOT)], check=True)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"demo", "test"}:
        print(__doc__)
        return 2
    ensure_environment()
    command, rest = argv[0], argv[1:]
    os.chdir(ROOT)
    if command == "demo":
        args = [str(BIN / "dieuhanh"), "demo", *rest]
    else:
        args = [str(BIN / "python"), "-m", "pytest", *rest]
    return subprocess.call(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
