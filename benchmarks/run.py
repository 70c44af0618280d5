"""`make bench`: the bot and the `rasa init` baseline, trained, started and loaded the same way.

For each bot: training time (from scratch, fresh cache), start-up until the first real reply,
a warm-up, then ``--conversations`` x ``--turns`` and a stress run of ``--stress-conversations``
x ``--stress-turns`` over REST, and the peak resident memory of its server process tree. Our bot
is started by ``scripts/run-bot.sh`` as ``make run`` does; the baseline by ``rasa run``.
Writes ``benchmarks/results/<time>.json`` (+ ``latest.json``), a latency plot (PNG) and the table
in ``benchmarks/README.md``, and prints the table.

    python -m benchmarks.run [--model models/hipbot.tar.gz] [--conversations 50 --turns 10]
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import yaml

from benchmarks import stats
from benchmarks.loadgen import run_load
from benchmarks.processes import Bot, free_port

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "benchmarks"
BUILD = ROOT / "build" / "bench"
RASA = str(Path(sys.executable).parent / "rasa")
README_START, README_END = "<!-- bench:table:start -->", "<!-- bench:table:end -->"


def env(**extra: str) -> dict[str, str]:
    values = dict(os.environ)
    values.update(RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(ROOT), **extra)
    return values


def timed(command: list[str], cwd: Path, environment: dict[str, str], log: Path) -> float:
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(log, "w") as out:
        subprocess.run(command, cwd=cwd, env=environment, stdout=out, stderr=subprocess.STDOUT, check=True)
    return round(time.monotonic() - started, 1)


def train_ours(model: str | None) -> tuple[Path, float | None]:
    if model:
        return Path(model).resolve(), None
    out, cache = BUILD / "hipbot-model", BUILD / "hipbot-cache"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    seconds = timed([RASA, "train", "--fixed-model-name", "hipbot", "--out", str(out)], ROOT,
                    env(RASA_CACHE_DIRECTORY=str(cache)), BUILD / "hipbot-train.log")
    return out / "hipbot.tar.gz", seconds


def train_baseline() -> tuple[Path, float]:
    """`rasa init --no-prompt` (it trains its example bot) in a temporary folder."""
    folder, cache = BUILD / "baseline", BUILD / "baseline-cache"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)  # from scratch: a cache left by an earlier run would skip training
    folder.mkdir(parents=True)
    seconds = timed([RASA, "init", "--no-prompt", "--init-dir", str(folder)], folder,
                    env(RASA_CACHE_DIRECTORY=str(cache)), BUILD / "baseline-train.log")
    return folder, seconds


def our_bot(model: Path, token: str) -> Bot:
    port, action_port = free_port(), free_port()
    # The project's endpoints (SQL tracker store, lock store) with this run's action server and a
    # SQLite file of its own; the HTTP API on for the token (bot.server reads it from the
    # environment); the per-sender rate limit raised, as a load test is not a person typing.
    endpoints = BUILD / "endpoints.yml"
    config = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    config["action_endpoint"] = {"url": f"http://127.0.0.1:{action_port}/webhook"}
    endpoints.write_text(yaml.safe_dump(config))
    store = BUILD / "conversations.db"
    store.unlink(missing_ok=True)
    command = ["scripts/run-bot.sh", str(model), "--endpoints", str(endpoints)]
    return Bot("hipbot", command, ROOT, env(HIPBOT_PORT=str(port), HIPBOT_ACTION_PORT=str(action_port),
                                            RASA_AUTH_TOKEN=token, HIPBOT_SQLITE_PATH=str(store),
                                            HIPBOT_RATE_LIMIT="100000/60"), port,
               BUILD / "hipbot-server.log", token)


def baseline_bot(folder: Path, token: str) -> Bot:
    port = free_port()
    command = [RASA, "run", "--model", "models", "--port", str(port), "--enable-api", "--auth-token", token]
    return Bot("baseline", command, folder, env(), port, BUILD / "baseline-server.log", token)


def measure(bot: Bot, scripts: list[list[str]], args: argparse.Namespace, degraded_marker: str | None) -> dict:
    bot.start(scripts[0][0])
    try:
        asyncio.run(run_load(bot.url, bot.token, scripts, args.warmup, 3, f"{bot.name}-warmup"))
        load = asyncio.run(run_load(bot.url, bot.token, scripts, args.conversations, args.turns,
                                    f"{bot.name}-load", degraded_marker))
        stress = None
        if args.stress_conversations:
            stress = asyncio.run(run_load(bot.url, bot.token, scripts, args.stress_conversations, args.stress_turns,
                                          f"{bot.name}-stress", degraded_marker))
    finally:
        peak = bot.stop()
    return {
        "startup_seconds": bot.startup_seconds, "peak_memory_mb": peak,
        "load": stats.summarize(load), "stress": stats.summarize(stress) if stress else None,
        "latencies_ms": [round(t.latency_s * 1000, 1) for t in load.turns if not stats.is_error(t)],
    }


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal"))
    import rasa
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 ** 2, 1),
            "python": platform.python_version(), "rasa": rasa.__version__, "os": platform.platform(),
            "load_average_at_start": os.getloadavg()}


def plot(ours: list[float], baseline: list[float], path: Path, title: str) -> None:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    figure, (hist, cdf) = plt.subplots(1, 2, figsize=(11, 4))
    for values, label in [(ours, "hipbot"), (baseline, "rasa init baseline")]:
        if values:
            hist.hist(values, bins=40, alpha=0.6, label=label)
            ordered = sorted(values)
            cdf.plot(ordered, [(i + 1) / len(ordered) for i in range(len(ordered))], label=label)
    hist.set(xlabel="per-turn latency (ms)", ylabel="turns", title="distribution")
    cdf.set(xlabel="per-turn latency (ms)", ylabel="fraction of turns at or below", title="cumulative")
    for axis in (hist, cdf):
        axis.legend()
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="use this trained model instead of training one (training is then not measured)")
    parser.add_argument("--conversations", type=int, default=50)
    parser.add_argument("--turns", type=int, default=10)
    parser.add_argument("--stress-conversations", type=int, default=200)
    parser.add_argument("--stress-turns", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=5, help="conversations of 3 turns before measuring")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--readme", type=Path, default=HERE / "README.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> dict:
    args = arguments(argv)
    BUILD.mkdir(parents=True, exist_ok=True)
    scripts = yaml.safe_load((HERE / "conversations.yml").read_text())
    started = dt.datetime.now(dt.timezone.utc)
    info = machine()
    token = uuid.uuid4().hex
    from bot.channels.degradation import safe_reply_text
    marker = safe_reply_text().split(".")[0]

    model, training = train_ours(args.model)
    ours = {"training_seconds": training, "model": str(model),
            **measure(our_bot(model, token), scripts["hipbot"], args, marker)}
    folder, baseline_training = train_baseline()
    baseline = {"training_seconds": baseline_training,
                **measure(baseline_bot(folder, token), scripts["baseline"], args, None)}
    info["load_average_at_end"] = os.getloadavg()

    ratios = stats.compare(ours, baseline)
    table = stats.markdown_table(ours, baseline, ratios)
    stamp = started.strftime("%Y%m%dT%H%M%SZ")
    args.results.mkdir(parents=True, exist_ok=True)
    png = args.results / f"latency-{stamp}.png"
    plot(ours["latencies_ms"], baseline["latencies_ms"], png,
         f"{args.conversations} conversations x {args.turns} turns, {info['cores']} cores, {stamp}")
    result = {"started": started.isoformat(), "machine": info, "settings": vars(args) | {
        "results": str(args.results), "readme": str(args.readme)}, "hipbot": ours, "baseline": baseline,
        "ratios": ratios, "targets": stats.targets(ours, ratios), "plot": png.name}
    text = json.dumps(result, indent=2, default=str)
    (args.results / f"bench-{stamp}.json").write_text(text)
    (args.results / "latest.json").write_text(text)
    described = (f"Measured {started:%Y-%m-%d %H:%M} UTC on {info['cores']} x {info['cpu']}, "
                 f"{info['memory_gb']} GB, Python {info['python']}, Rasa {info['rasa']}; load average "
                 f"{info['load_average_at_start'][0]:.1f} at the start, {info['load_average_at_end'][0]:.1f} at the end. "
                 f"Plot: `results/{png.name}`. Training: "
                 f"{'measured from scratch' if training is not None else 'not measured (--model given)'}.")
    readme = args.readme.read_text() if args.readme.exists() else "# Benchmarks\n"
    args.readme.write_text(stats.replace_between(readme, README_START, README_END, f"{described}\n\n{table}"))
    print(described)
    print(table)
    return result


if __name__ == "__main__":
    main()
