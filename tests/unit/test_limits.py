"""Channel limits (size, per-sender rate, CORS origins), the log filter and the server launcher's
arguments: plain Python, a fake clock, no servers."""
import json
import logging

import pytest

from bot.channels import limits, log_privacy
from bot.channels.limits import LimitSettingsError, Limits, RateLimiter, allowed_origins
from bot.countries import configured_country
from bot.server import ServerSettingsError, rasa_arguments, server_environment


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_defaults_come_from_service_yml():
    data = limits.service()["limits"]
    assert Limits.from_environment({}) == Limits(data["max_body_bytes"], data["rate_limit"]["messages"],
                                                 data["rate_limit"]["per_seconds"], data["tracked_senders"])


def test_environment_overrides():
    assert Limits.from_environment({"HIPBOT_MAX_BODY_BYTES": "4096", "HIPBOT_RATE_LIMIT": "5/10"}) == \
        Limits(4096, 5, 10.0, limits.service()["limits"]["tracked_senders"])


@pytest.mark.parametrize("env", [{"HIPBOT_RATE_LIMIT": "fast"}, {"HIPBOT_RATE_LIMIT": "0/60"},
                                 {"HIPBOT_RATE_LIMIT": "5/0"}, {"HIPBOT_MAX_BODY_BYTES": "10"},
                                 {"HIPBOT_MAX_BODY_BYTES": "1MB"}])
def test_unusable_limits_name_the_variable(env):
    with pytest.raises(LimitSettingsError, match=next(iter(env))):
        Limits.from_environment(env)


def test_rate_limit_per_sender_with_a_polite_reply():
    clock = Clock()
    limiter = RateLimiter(Limits(65536, 3, 60, 100), clock)
    assert [limiter.check("a") for _ in range(3)] == [None, None, None]
    clock.now += 10
    refusal = limiter.check("a")
    assert refusal and refusal.retry_after == 50
    assert "50 seconds" in refusal.text and configured_country().emergency in refusal.text
    assert limiter.check("b") is None  # other senders are not affected
    clock.now += 49.5
    assert limiter.check("a") is not None  # refused messages do not count, but the window has not passed
    clock.now += 1
    assert limiter.check("a") is None


def test_rate_limiter_remembers_a_bounded_number_of_senders():
    limiter = RateLimiter(Limits(65536, 1, 60, 100), Clock())
    for n in range(250):
        assert limiter.check(f"s{n}") is None
    assert len(limiter._recent) == 100
    assert limiter.check("s249") is not None and limiter.check("s0") is None


def test_cors_origins():
    assert allowed_origins({}) == []
    assert allowed_origins({"HIPBOT_CORS_ORIGINS": "https://clinic.example, http://localhost:8080"}) == [
        "https://clinic.example", "http://localhost:8080"]
    for bad in ("*", "clinic.example", "https://clinic.example/chat"):
        with pytest.raises(LimitSettingsError, match="HIPBOT_CORS_ORIGINS"):
            allowed_origins({"HIPBOT_CORS_ORIGINS": bad})


TOKEN = "t0ken-from-the-environment"


def test_server_without_secrets_has_no_api_and_no_cors():
    argv = rasa_arguments(["--port", "5010"], {})
    assert argv[:3] == ["run", "--port", "5010"]
    assert "--enable-api" not in argv and "--cors" not in argv and "--auth-token" not in argv
    assert argv[argv.index("--endpoints") + 1] == "endpoints.yml"


def test_server_api_only_with_a_token_or_jwt_from_the_environment():
    argv = rasa_arguments([], {"RASA_AUTH_TOKEN": TOKEN, "HIPBOT_CORS_ORIGINS": "https://clinic.example"})
    assert "--enable-api" in argv and argv[argv.index("--auth-token") + 1] == TOKEN
    assert argv[argv.index("--cors") + 1:] == ["https://clinic.example"]
    jwt = rasa_arguments([], {"RASA_JWT_SECRET": "jwt-secret-value-long"})
    assert "--enable-api" in jwt and jwt[jwt.index("--jwt-method") + 1] == "HS256" and "--auth-token" not in jwt


@pytest.mark.parametrize("args, env", [
    (["--enable-api"], {}),
    (["--auth-token", TOKEN], {}),
    (["--cors", "*"], {}),
    ([], {"HIPBOT_ENABLE_API": "true"}),
    ([], {"RASA_AUTH_TOKEN": "short"}),
    ([], {"HIPBOT_CORS_ORIGINS": "*"}),
])
def test_server_refuses_unsafe_setups(args, env):
    with pytest.raises(ServerSettingsError):
        rasa_arguments(args, env)


def test_server_environment_has_telemetry_off_and_a_request_size_limit():
    assert server_environment({"RASA_TELEMETRY_ENABLED": "true"}) == {
        "RASA_TELEMETRY_ENABLED": "false", "SANIC_REQUEST_MAX_SIZE": str(1024 * 1024)}
    assert server_environment({"SANIC_REQUEST_MAX_SIZE": "5000"})["SANIC_REQUEST_MAX_SIZE"] == "5000"


@pytest.fixture
def captured(monkeypatch):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep()
    root = logging.getLogger()
    monkeypatch.setattr(root, "level", logging.INFO)
    monkeypatch.setattr(logging.getLogger("rasa"), "level", logging.INFO)
    root.addHandler(handler)
    yield records
    handler.removeFilter(log_privacy._FILTER)
    root.removeHandler(handler)


def test_logs_hide_message_text(captured, monkeypatch):
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    log_privacy.remember("my hip hurts since the fall on tuesday")
    log_privacy.remember("yes")
    logger = logging.getLogger("rasa.core.channels.rest")
    logger.error("An exception occured while handling user message '%s'.", "my hip hurts since the fall on tuesday")
    logger.warning("Got 'yes' from a user; yesterday is fine")
    try:
        raise ValueError("could not parse my hip hurts since the fall on tuesday")
    except ValueError:
        logger.exception("failed")
    text = "\n".join(captured)
    assert "fall on tuesday" not in text
    assert text.count(log_privacy.HIDDEN) == 4  # the message, "yes", the source line and the exception
    assert "'[message text hidden]'" in text and "yesterday" in text


def test_logs_hide_escaped_message_text(captured, monkeypatch):
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    text = 'my "left" hip — since the fall'
    log_privacy.remember(text)
    logging.getLogger("rasa").error('{"event": "rest.message.received.failure", "text": %s}', json.dumps(text))
    logging.getLogger("rasa").error("rest.message.received.failure text=%r", text)
    assert "since the fall" not in "\n".join(captured)


def test_debug_logging_shows_message_text(captured, monkeypatch):
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    log_privacy.remember("debugging this exact sentence")
    logging.getLogger("rasa").warning("saw 'debugging this exact sentence'")
    assert "debugging this exact sentence" in captured[-1]
