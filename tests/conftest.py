"""Shared fixtures. Slow fixtures (a trained model, running servers) are built once per session."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
RASA = str(VENV_BIN / "rasa")
TEST_BUILD = ROOT / "build" / "test"

os.environ["RASA_TELEMETRY_ENABLED"] = "false"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def rasa_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(RASA_TELEMETRY_ENABLED="false", PYTHONPATH=str(ROOT), TF_CPP_MIN_LOG_LEVEL="2",
               RASA_CACHE_DIRECTORY=str(TEST_BUILD / "rasa-cache"))
    env.pop("HIPBOT_COUNTRY", None)
    env.pop("HIPBOT_CLINIC", None)  # the built-in clinic defaults unless a test sets a profile
    env.update(extra)
    return env


def run_rasa(*args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=ROOT, env=rasa_env(), capture_output=True, text=True, timeout=timeout)


def record_metric(name: str, value) -> None:
    """Figures measured by the tests, gathered in build/test/metrics.json for the closing notes."""
    TEST_BUILD.mkdir(parents=True, exist_ok=True)
    path = TEST_BUILD / "metrics.json"
    metrics = json.loads(path.read_text()) if path.exists() else {}
    metrics[name] = value
    path.write_text(json.dumps(metrics, indent=2))


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """A model trained from scratch into build/test (or HIPBOT_TEST_MODEL, to reuse one)."""
    if os.environ.get("HIPBOT_TEST_MODEL"):
        return Path(os.environ["HIPBOT_TEST_MODEL"]).resolve()
    out = TEST_BUILD / "models"
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(TEST_BUILD / "rasa-cache", ignore_errors=True)  # custom components' helpers are not fingerprinted
    started = time.monotonic()
    result = run_rasa("train", "--fixed-model-name", "hipbot", "--out", str(out), timeout=1800)
    record_metric("training_seconds", round(time.monotonic() - started, 1))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "hipbot.tar.gz"
