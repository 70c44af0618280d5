"""The project's promises about how it is run: two README commands, CI, telemetry off."""
import re
import subprocess

from tests.conftest import ROOT, rasa_env


def test_readme_names_the_two_commands_first():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make run", "make test"]


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", script, re.M)


def test_every_rasa_command_has_telemetry_off():
    dry_run = subprocess.run(["make", "-n", "-B", "run", "train", "validate"], cwd=ROOT, capture_output=True, text=True)
    rasa_lines = [l for l in dry_run.stdout.splitlines() if "bin/rasa " in l or "run-bot.sh" in l]
    assert rasa_lines
    assert all("RASA_TELEMETRY_ENABLED=false" in l for l in rasa_lines), rasa_lines
    assert "export RASA_TELEMETRY_ENABLED=false" in (ROOT / "scripts" / "run-bot.sh").read_text()


def test_rasa_reports_telemetry_disabled_in_our_environment():
    code = "import rasa.telemetry as t; print(t.is_telemetry_enabled())"
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "python"), "-c", code], cwd=ROOT,
                            env=rasa_env(), capture_output=True, text=True, timeout=120)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr[-2000:]


def test_lock_file_is_committed_and_matches_pyproject():
    assert (ROOT / "uv.lock").exists()
    assert 'name = "rasa"' in (ROOT / "uv.lock").read_text()
    assert "rasa[spacy]==3.6.21" in (ROOT / "pyproject.toml").read_text()


def test_bot_core_has_no_rasa_imports():
    """bot/ is plain Python; only the Rasa glue (rasa_nlu, channels, stores, server) may import Rasa."""
    offenders = []
    for path in (ROOT / "bot").rglob("*.py"):
        relative = path.relative_to(ROOT / "bot").parts
        if relative[0] in {"rasa_nlu", "channels", "stores", "server"}:
            continue
        if re.search(r"^\s*(from|import) rasa", path.read_text(), re.M):
            offenders.append(str(path))
    assert not offenders
