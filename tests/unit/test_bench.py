"""The statistics and reporting of `make bench` (benchmarks/), without servers."""
import asyncio
import json
import os
import subprocess
import sys
import time

import httpx
import pytest

from benchmarks import stats
from benchmarks.loadgen import run_load, script_for
from benchmarks.processes import MemorySampler, tree_rss_mb
from benchmarks.stats import LoadRun, Turn


@pytest.mark.parametrize("p, expected", [(0, 1), (50, 3), (100, 5), (25, 2), (95, 4.8), (99, 4.96)])
def test_percentile_interpolates_between_ranks(p, expected):
    assert stats.percentile([5, 1, 4, 2, 3], p) == pytest.approx(expected)


def test_percentile_of_one_value_and_bad_input():
    assert stats.percentile([7.0], 99) == 7.0
    with pytest.raises(ValueError):
        stats.percentile([], 50)
    with pytest.raises(ValueError):
        stats.percentile([1], 101)


def run_of(turns, stored, wall=2.0) -> LoadRun:
    return LoadRun(2, 3, wall, turns, stored)


def test_summary_counts_errors_degraded_replies_and_lost_events():
    turns = [Turn("a", 0.1, 200, 1), Turn("a", 0.2, 200, 2), Turn("a", 0.3, 200, 1, degraded=True),
             Turn("b", 0.4, 200, 1), Turn("b", 5.0, 0, 0), Turn("b", 0.5, 200, 0)]
    summary = stats.summarize(run_of(turns, {"a": 3, "b": 1}))
    assert summary["turns"] == 6
    assert summary["errors"] == 2  # the failed request and the empty reply
    assert summary["degraded_replies"] == 1
    assert summary["messages_accepted"] == 5 and summary["user_events_stored"] == 4
    assert summary["lost_events"] == 1  # b: two messages answered with 200, one stored
    assert summary["p50_ms"] == 250.0 and summary["max_ms"] == 400.0  # answered turns only
    assert summary["throughput_turns_per_s"] == 2.0  # 4 answered turns in 2 s


def test_summary_of_a_run_with_no_answers_has_no_percentiles():
    summary = stats.summarize(run_of([Turn("a", 1.0, 500, 0)], {}))
    assert summary["errors"] == 1 and "p95_ms" not in summary and summary["lost_events"] == 0


def bot(p95, throughput, **extra):
    return {"load": {"p50_ms": p95 / 2, "p95_ms": p95, "p99_ms": p95 * 2, "throughput_turns_per_s": throughput},
            **extra}


def test_ratios_and_targets():
    ours = bot(300, 7, training_seconds=640, startup_seconds=20, peak_memory_mb=1200,
               stress={"conversations": 200, "errors": 0, "lost_events": 0})
    baseline = bot(150, 10, training_seconds=60, startup_seconds=10, peak_memory_mb=600)
    ratios = stats.compare(ours, baseline)
    assert ratios["p95_ratio"] == 2.0 and ratios["throughput_ratio"] == 0.7
    assert ratios["training_seconds_ratio"] == pytest.approx(10.67)
    met = {row["target"]: row["met"] for row in stats.targets(ours, ratios)}
    assert met == {
        "p95 per-turn latency <= 1.5x the baseline's": False, "throughput >= 0.7x the baseline's": True,
        "no errors or lost events at 200 concurrent conversations": True, "training <= 3 minutes": False,
        "start-up <= 30 s": True, "peak memory <= 1.5 GB": True,
    }


def test_unmeasured_figures_are_not_met_or_failed():
    ours, baseline = bot(100, 5, training_seconds=None), bot(100, 5, training_seconds=50)
    ratios = stats.compare(ours, baseline)
    assert ratios["training_seconds_ratio"] is None
    rows = {row["target"]: row["met"] for row in stats.targets(ours, ratios)}
    assert rows["training <= 3 minutes"] is None and rows["no errors or lost events at 200 concurrent conversations"] is None
    assert stats.ratio(1, 0) is None


def test_markdown_table_has_both_bots_ratios_and_targets():
    ours = bot(300, 7, training_seconds=640, startup_seconds=20, peak_memory_mb=1200)
    ours["load"].update(conversations=50, turns_per_conversation=10, errors=0, lost_events=0, degraded_replies=0)
    baseline = bot(150, 10, training_seconds=60, startup_seconds=10, peak_memory_mb=600)
    table = stats.markdown_table(ours, baseline, stats.compare(ours, baseline))
    assert "| p95 per-turn latency (ms), 50 x 10 | 300 | 150 | 2 |" in table
    assert "| training (s) | 640 | 60 | 10.67 |" in table
    assert "| p95 per-turn latency <= 1.5x the baseline's | 2 | **no** |" in table
    assert "| start-up <= 30 s | 20 | yes |" in table


def test_replace_between_markers():
    text = "# Title\n\n<!-- s -->\nold\n<!-- e -->\nafter\n"
    assert stats.replace_between(text, "<!-- s -->", "<!-- e -->", "new") == "# Title\n\n<!-- s -->\nnew\n<!-- e -->\nafter\n"
    assert stats.replace_between("# Title\n", "<!-- s -->", "<!-- e -->", "new") == "# Title\n\n<!-- s -->\nnew\n<!-- e -->\n"


def test_scripts_are_shared_round_robin_and_repeated_to_the_turn_count():
    scripts = [["a1", "a2"], ["b1", "b2", "b3"]]
    assert script_for(scripts, 0, 5) == ["a1", "a2", "a1", "a2", "a1"]
    assert script_for(scripts, 3, 2) == ["b1", "b2"]


def test_load_generator_counts_what_the_server_stored():
    """A fake bot that stores every message except each conversation's third: one lost per user."""
    stored: dict[str, list[str]] = {}

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            body = json.loads(request.content)
            seen = stored.setdefault(body["sender"], [])
            if len(seen) != 2 or body.get("kept"):
                seen.append(body["message"])
            else:
                seen.append(None)
            return httpx.Response(200, json=[{"text": "Sorry, I can't answer"}] if body["message"] == "x" else
                                  [{"text": "ok"}])
        sender = request.url.path.split("/")[2]
        assert request.url.params["token"] == "t"
        return httpx.Response(200, json={"events": [{"event": "user", "text": m} for m in stored[sender] if m]})

    run = asyncio.run(run_load("http://bot", "t", [["hi", "x", "hello", "bye"]], concurrency=4, turns=4,
                               label="test", degraded_marker="Sorry, I can't", transport=httpx.MockTransport(handler)))
    summary = stats.summarize(run)
    assert summary["turns"] == 16 and summary["errors"] == 0
    assert summary["degraded_replies"] == 4
    assert summary["lost_events"] == 4 and summary["user_events_stored"] == 12


def test_memory_of_a_process_tree_is_sampled_until_stopped():
    """A child holding 80 MB counts towards its parent's tree while it lives."""
    child = subprocess.Popen([sys.executable, "-c", "import time; x = b'x' * (80 * 2**20); time.sleep(60)"])
    try:
        sampler = MemorySampler(os.getpid(), interval=0.05)
        sampler.start()
        for _ in range(600):
            if tree_rss_mb(child.pid) >= 80:
                break
            time.sleep(0.05)
        time.sleep(0.3)
        peak = sampler.stop()
    finally:
        child.kill()
        child.wait()
    assert peak >= tree_rss_mb(os.getpid()) + 80 * 0.9
    assert not sampler.is_alive()


@pytest.mark.parametrize("train", ["ours", "baseline"])
def test_both_bots_train_from_scratch_without_an_earlier_runs_cache(train, tmp_path, monkeypatch):
    from benchmarks import run
    monkeypatch.setattr(run, "BUILD", tmp_path)
    caches = {"ours": tmp_path / "hipbot-cache", "baseline": tmp_path / "baseline-cache"}
    caches[train].mkdir(parents=True)
    (caches[train] / "left-by-an-earlier-run").write_text("x")
    seen = {}

    def timed(command, cwd, environment, log):
        seen["cache"] = environment["RASA_CACHE_DIRECTORY"]
        seen["empty"] = not (caches[train].exists() and any(caches[train].iterdir()))
        return 1.0

    monkeypatch.setattr(run, "timed", timed)
    run.train_ours(None) if train == "ours" else run.train_baseline()
    assert seen == {"cache": str(caches[train]), "empty": True}
