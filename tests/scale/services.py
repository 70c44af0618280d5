"""PostgreSQL and Redis for the scale-out test: installed from Debian packages if missing,
started on free localhost ports in a temporary directory, removed afterwards."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional

PACKAGES = ("postgresql", "redis-server")
POLICY = Path("/usr/sbin/policy-rc.d")


def postgres_bin() -> Optional[Path]:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def missing_packages() -> list[str]:
    missing = []
    if postgres_bin() is None:
        missing.append("postgresql")
    if shutil.which("redis-server") is None:
        missing.append("redis-server")
    return missing


def ensure_installed() -> None:
    """apt-get install what is missing (root only); services are not started by the packages."""
    missing = missing_packages()
    if not missing:
        return
    if os.geteuid() != 0:
        raise RuntimeError(f"the scale-out test needs {' and '.join(missing)}: sudo apt-get install {' '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    added_policy = not POLICY.exists()
    if added_policy:  # keep the packages from starting their own services on the default ports
        POLICY.write_text("#!/bin/sh\nexit 101\n")
        POLICY.chmod(0o755)
    try:
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "-o", "DPkg::Lock::Timeout=600", *missing]
        if subprocess.run(install, env=env, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q", "-o", "DPkg::Lock::Timeout=600"], env=env, check=True,
                           capture_output=True)
            result = subprocess.run(install, env=env, capture_output=True, text=True)
            if result.returncode != 0:
                raise RuntimeError(f"apt-get install {' '.join(missing)} failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    finally:
        if added_policy:
            POLICY.unlink()
    if missing_packages():
        raise RuntimeError(f"still missing after apt-get install: {missing_packages()}")


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the 'postgres' user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Postgres:
    port: int
    password: str
    database: str = "hipbot"
    user: str = "hipbot"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.database}"


@contextmanager
def postgres(port: int, password: str) -> Iterator[Postgres]:
    bin_dir = postgres_bin()
    root = Path(tempfile.mkdtemp(prefix="hipbot-pg-"))
    data, log = root / "data", root / "postgres.log"
    (root / "pwfile").write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        shutil.chown(root / "pwfile", "postgres", "postgres")
    ctl = [str(bin_dir / "pg_ctl"), "-D", str(data)]
    try:
        subprocess.run(_as_postgres([str(bin_dir / "initdb"), "-D", str(data), "-U", "hipbot", "-A", "scram-sha-256",
                                     f"--pwfile={root / 'pwfile'}", "--no-sync"]),
                       check=True, capture_output=True, cwd=root)
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        subprocess.run(_as_postgres([*ctl, "-o", options, "-l", str(log), "-w", "-t", "120", "start"]),
                       check=True, capture_output=True, cwd=root)
        env = dict(os.environ, PGPASSWORD=password)
        subprocess.run([str(bin_dir / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "hipbot", "-d", "postgres",
                        "-c", "CREATE DATABASE hipbot"], check=True, capture_output=True, env=env)
        yield Postgres(port, password)
    finally:
        subprocess.run(_as_postgres([*ctl, "-m", "fast", "-w", "stop"]), capture_output=True, cwd=root)
        shutil.rmtree(root, ignore_errors=True)


@contextmanager
def redis(port: int, password: str) -> Iterator[str]:
    root = Path(tempfile.mkdtemp(prefix="hipbot-redis-"))
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--requirepass", password, "--dir", str(root)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis as client

        deadline = time.monotonic() + 60
        while True:
            try:
                client.Redis(host="127.0.0.1", port=port, password=password).ping()
                break
            except client.exceptions.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("redis-server did not start")
                time.sleep(0.2)
        yield f"redis://:{password}@127.0.0.1:{port}/1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(root, ignore_errors=True)
