"""`make evaluate-clinical`: play every case through the real bot over REST and report.

    python -m bot.evaluation.clinical --model models/hipbot.tar.gz   # starts both servers on free ports
    python -m bot.evaluation.clinical --url http://127.0.0.1:5005    # a bot that is already running
    python -m bot.evaluation.clinical --core --out build/clinical-core  # plain-Python core, for tuning
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bot.evaluation.clinical.cases import ROOT, load_cases
from bot.evaluation.clinical.play import Bot, RestBot, play
from bot.evaluation.clinical.report import markdown, results, write
from bot.interview import interview
from bot.knowledge import knowledge


def commit() -> str:
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "bot", "actions", "data", "domain.yml",
                                "config.yml", "benchmarks/clinical/cases"], cwd=ROOT, capture_output=True,
                               text=True).stdout.strip()
        return sha + ("+uncommitted" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def evaluate(bot: Bot, label: str, workers: int = 3) -> dict:
    cases = load_cases(known_conditions=knowledge().conditions)
    bounds = interview().question("age_group").age_bounds
    with ThreadPoolExecutor(max_workers=workers) as pool:
        outcomes = dict(zip([c.id for c in cases], pool.map(lambda c: play(c, bot, bounds), cases)))
    return results(cases, outcomes, commit(), label)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--url", help="a running bot (REST channel)")
    where.add_argument("--core", action="store_true", help="the plain-Python core, without NLU (for tuning)")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "hipbot.tar.gz")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "clinical")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args(argv)
    if args.core:
        from bot.evaluation.clinical.core_bot import CoreBot
        res = evaluate(CoreBot(), "plain-Python core without NLU (tuning aid, not the reported figures)", 1)
    elif args.url:
        res = evaluate(RestBot(args.url), f"the running bot at {args.url} over REST", args.workers)
    else:
        from bot.tools.servers import running_bot
        with running_bot(args.model, ROOT / "build" / "clinical") as servers:
            res = evaluate(RestBot(servers.url), f"the real bot over REST (model {args.model.name})", args.workers)
    paths = write(res, args.out)
    print(markdown(res))
    print("Saved: " + ", ".join(str(p.relative_to(ROOT) if p.is_relative_to(ROOT) else p) for p in paths.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
