"""The deployment files (deploy/) parse, use the official images, keep secrets in the
environment, and agree with the local configuration: same channels, same stores, environment
variable names that bot/stores and bot/server understand. (Nothing can be deployed here.)"""
import re
import shutil
import subprocess

import pytest
import yaml

from bot.server import rasa_arguments
from bot.stores.settings import lock_store_kwargs, tracker_store_kwargs
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
COMPOSE = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
VALUES = yaml.safe_load((DEPLOY / "helm" / "values.yml").read_text())
ENDPOINTS = yaml.safe_load((ROOT / "endpoints.yml").read_text())
CREDENTIALS = yaml.safe_load((ROOT / "credentials.yml").read_text())
SECRET_NAMES = re.compile(r"PASSWORD|TOKEN|SECRET", re.I)


def substitute(value: str) -> str:
    """Compose's ${VAR:?message} / ${VAR:-default} with placeholder values."""
    return re.sub(r"\$\{(\w+)(?::[?-][^}]*)?\}", lambda m: f"<{m.group(1).lower()}>", value)


def test_compose_uses_the_official_images_and_two_rasa_replicas():
    services = COMPOSE["services"]
    assert set(services) == {"rasa", "actions", "postgres", "redis"}
    assert re.fullmatch(r"rasa/rasa:3\.6\.21(-full|-spacy-en)?", services["rasa"]["image"])
    assert re.fullmatch(r"rasa/rasa-sdk:3\.6\.\d+", services["actions"]["image"])
    assert services["postgres"]["image"].startswith("postgres:") and services["redis"]["image"].startswith("redis:")
    assert services["rasa"]["deploy"]["replicas"] >= 2


def test_compose_rasa_runs_our_start_up_with_the_project_configuration():
    rasa = COMPOSE["services"]["rasa"]
    assert rasa["entrypoint"] == ["python", "-m", "bot.server"]
    argv = rasa_arguments(rasa["command"], {})
    endpoints = argv[argv.index("--endpoints") + 1]
    credentials = argv[argv.index("--credentials") + 1]
    assert credentials == "credentials.yml"
    deploy_endpoints = yaml.safe_load((ROOT / endpoints).read_text())
    assert {k: v for k, v in deploy_endpoints.items() if k != "action_endpoint"} == \
        {k: v for k, v in ENDPOINTS.items() if k != "action_endpoint"}
    assert deploy_endpoints["action_endpoint"]["url"].startswith("http://actions:")


def test_compose_environment_selects_postgres_and_redis():
    env = {k: substitute(str(v)) for k, v in COMPOSE["services"]["rasa"]["environment"].items()}
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    store = tracker_store_kwargs(env)
    assert (store["dialect"], store["host"], store["db"]) == ("postgresql", "postgres", "hipbot")
    assert store["password"] == "<postgres_password>"
    assert COMPOSE["services"]["postgres"]["environment"]["POSTGRES_DB"] == store["db"]
    assert lock_store_kwargs(env)["host"] == "redis"


def walk(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{path}.{key}")
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from walk(value, f"{path}[{n}]")
    else:
        yield path, node


def test_compose_has_no_secret_values():
    for path, value in walk(COMPOSE):
        if SECRET_NAMES.search(path.rsplit(".", 1)[-1]) or re.search(r"://[^@/]*:[^@/]*@", str(value)):
            assert "${" in str(value), (path, value)  # taken from the environment, never written here
    command = " ".join(COMPOSE["services"]["redis"]["command"])
    assert "--requirepass ${REDIS_PASSWORD" in command


def test_helm_values_two_replicas_rasa_3_6_and_safe_settings():
    assert VALUES["replicaCount"] >= 2
    assert VALUES["image"]["tag"].startswith("3.6.21")
    settings = VALUES["applicationSettings"]
    assert settings["telemetry"]["enabled"] is False
    assert not settings["initialModel"] and not settings["enableAPI"] and settings["cors"] != "*"
    command = " ".join(VALUES["command"] + VALUES["args"])
    assert "python -m bot.server" in command
    assert not re.search(r"--cors|--auth-token|--enable-api|--jwt-secret", command)
    env = {e["name"]: e for e in VALUES["extraEnv"]}
    assert env["RASA_TELEMETRY_ENABLED"]["value"] == "false"
    assert "secretKeyRef" in env["RASA_AUTH_TOKEN"]["valueFrom"]
    assert VALUES["postgresql"]["install"] is False and VALUES["postgresql"]["external"]["enabled"]
    assert VALUES["redis"]["external"]["enabled"]


def test_helm_values_have_the_local_channels_and_stores():
    settings = VALUES["applicationSettings"]
    assert settings["credentials"]["additionalChannelCredentials"] == CREDENTIALS
    stores = settings["endpoints"]
    assert stores["trackerStore"]["type"] == ENDPOINTS["tracker_store"]["type"]
    assert stores["lockStore"]["type"] == ENDPOINTS["lock_store"]["type"] and stores["lockStore"]["enabled"]
    # The variables the chart gives the container select PostgreSQL and Redis.
    chart_env = {"DB_HOST": "pg", "DB_PORT": "5432", "DB_USER": "hipbot", "DB_PASSWORD": "x", "DB_DATABASE": "hipbot",
                 "REDIS_HOST": "redis", "REDIS_PORT": "6379", "REDIS_PASSWORD": "y"}
    assert tracker_store_kwargs(chart_env)["dialect"] == "postgresql"
    assert lock_store_kwargs(chart_env)["host"] == "redis"


def test_helm_values_have_no_secret_values():
    for path, value in walk(VALUES):
        name = path.rsplit(".", 1)[-1]
        if SECRET_NAMES.search(name) and not name.lower().startswith("existingsecret"):
            pytest.fail(f"{path} holds a secret; use a Kubernetes Secret (valueFrom)")
    for variable in VALUES["extraEnv"]:
        if SECRET_NAMES.search(variable["name"]):
            assert "value" not in variable and "secretKeyRef" in variable["valueFrom"], variable


@pytest.mark.skipif(subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0
                    if shutil.which("docker") else True, reason="the docker compose plugin is not installed")
def test_docker_compose_config_accepts_the_file():
    env = {"POSTGRES_PASSWORD": "p", "REDIS_PASSWORD": "r", "PATH": "/usr/bin:/bin:/usr/local/bin"}
    result = subprocess.run(["docker", "compose", "-f", str(DEPLOY / "docker-compose.yml"), "config", "--quiet"],
                            env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
