"""Starting a bot's servers for the benchmark, timing start-up, sampling memory, stopping them."""
from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from bot.tools.servers import free_port, wait_for_reply  # noqa: F401  (free_port: for benchmarks.run)


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            tree.setdefault(parent, []).append(int(entry))
    return tree


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, in MB (from /proc)."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo += tree.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class MemorySampler(threading.Thread):
    """Samples the process tree's resident memory every ``interval`` seconds; ``peak_mb``."""

    def __init__(self, pid: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval, self.peak_mb = pid, interval, 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.is_set():
            self.peak_mb = max(self.peak_mb, tree_rss_mb(self.pid))
            self._done.wait(self.interval)

    def stop(self) -> float:
        self._done.set()
        self.join()
        return round(self.peak_mb, 1)


class Bot:
    """A bot's server(s) started as one process group, with the HTTP API on behind a token."""

    def __init__(self, name: str, command: list[str], cwd: Path, env: dict[str, str], port: int, log: Path,
                 token: str) -> None:
        self.name, self.command, self.cwd, self.env = name, command, cwd, env
        self.port, self.log, self.token = port, log, token
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None
        self.sampler: MemorySampler | None = None
        self.startup_seconds: float | None = None

    def start(self, first_message: str, limit: float = 900) -> None:
        """Start, and time until the bot gives a real reply to ``first_message``."""
        self.log.parent.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        with open(self.log, "w") as out:
            self.process = subprocess.Popen(self.command, cwd=self.cwd, env=self.env, stdout=out,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        self.sampler = MemorySampler(self.process.pid)
        self.sampler.start()
        wait_for_reply(self.url, self.process, self.log, limit, message=first_message, poll=0.5)
        self.startup_seconds = round(time.monotonic() - started, 1)

    def stop(self) -> float:
        """Stop the whole process group; returns the peak memory seen (MB)."""
        peak = self.sampler.stop() if self.sampler else 0.0
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        return peak
