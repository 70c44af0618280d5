"""Installs what the browser tests need, only if missing: Debian's chromium and the npm packages
in tests/browser/package-lock.json (playwright-core, axe-core). Used by the pytest fixture and
by `make browser-deps`."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


def ensure_chromium() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    apt = ["apt-get"] if os.geteuid() == 0 else ["sudo", "-n", "apt-get"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*apt, "update", "-qq"], check=True, env=env)
    subprocess.run([*apt, "install", "-y", "-qq", "--no-install-recommends", "chromium"], check=True, env=env)
    if not CHROMIUM.exists():
        raise RuntimeError(f"chromium was installed but {CHROMIUM} is missing")
    return CHROMIUM


def ensure_node_packages() -> None:
    wanted = ("playwright-core", "axe-core")
    if all((HERE / "node_modules" / name / "package.json").exists() for name in wanted):
        return
    if not shutil.which("npm"):
        raise RuntimeError("npm is needed for the browser tests (apt-get install nodejs npm)")
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=HERE, check=True)


def ensure_all() -> Path:
    ensure_node_packages()
    return ensure_chromium()


if __name__ == "__main__":
    print(ensure_all(), file=sys.stderr)
