"""The web chat widget in real headless Chromium, against the running bot.

tests/browser/widget.test.js (playwright-core) opens the demo page, opens the chat with the
keyboard, chats, taps a quick reply with the keyboard and one with the mouse, triggers an
emergency and checks the banner, checks that bot text cannot inject HTML, downloads a summary
payload, scans with axe-core, reloads and checks the history, the banner and the session.
Chromium (Debian) and the npm packages are installed if missing (tests/browser/tools.py).
"""
import json
import os
import shutil
import subprocess

import pytest

from tests.browser import tools
from tests.conftest import ROOT, TEST_BUILD, record_metric

pytestmark = pytest.mark.slow
OUT = TEST_BUILD / "browser"


@pytest.fixture(scope="module")
def widget_run(servers):
    chromium = tools.ensure_all()
    shutil.rmtree(OUT, ignore_errors=True)
    result = subprocess.run(["node", str(ROOT / "tests" / "browser" / "widget.test.js"), servers.url, str(OUT)],
                            capture_output=True, text=True, timeout=600, env={**os.environ, "CHROMIUM": str(chromium)})
    path = OUT / "results.json"
    assert path.exists(), result.stdout[-3000:] + result.stderr[-3000:]
    return json.loads(path.read_text()), result


def test_widget_flow_in_chromium(widget_run):
    results, run = widget_run
    assert results["ok"], f"{results.get('error')}\n{run.stderr[-2000:]}"
    names = [s["name"] for s in results["steps"]]
    assert "an emergency shows the banner with the number" in names
    assert "reload keeps the conversation and the banner" in names
    assert run.returncode == 0


def test_widget_has_no_serious_accessibility_violations(widget_run):
    results, _ = widget_run
    scans = {scan["label"]: scan for scan in results["axe"]}
    assert set(scans) == {"closed", "open"}, results.get("error")
    serious = [v for scan in scans.values() for v in scan["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    record_metric("widget_axe", {label: {"passes": s["passes"], "violations": s["violations"]} for label, s in scans.items()})


def test_widget_screenshot_saved(widget_run):
    results, _ = widget_run
    png = OUT / "widget.png"
    assert png.exists() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", results.get("error")
