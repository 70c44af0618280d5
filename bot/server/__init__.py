"""Start Rasa's server the one safe way: ``python -m bot.server [--model M] [--port P] [rasa run options]``.

Plain Python here (``rasa_arguments``); ``__main__.py`` runs Rasa with the result, in the same
process, so secrets never appear on a command line (``ps`` shows ``python -m bot.server``).
- The HTTP API (``--enable-api``) is on only with a secret from the environment:
  ``RASA_AUTH_TOKEN`` (``?token=...``) or ``RASA_JWT_SECRET`` (with ``RASA_JWT_METHOD``, default
  HS256). ``HIPBOT_ENABLE_API=true`` without one, or ``--enable-api``/``--auth-token``/
  ``--jwt-secret`` given as arguments, is refused.
- CORS: only the origins in ``HIPBOT_CORS_ORIGINS`` (none by default, never ``*``).
- ``SANIC_REQUEST_MAX_SIZE`` (bytes, every route including the API) defaults to 1 MB.
- Telemetry is always off.
"""
from __future__ import annotations

from typing import Dict, List, Mapping, Sequence

from bot.channels.limits import LimitSettingsError, allowed_origins

DEFAULTS = {"--model": "models/hipbot.tar.gz", "--credentials": "credentials.yml", "--endpoints": "endpoints.yml"}
REFUSED = ("--enable-api", "--auth-token", "--jwt-secret", "--cors", "--jwt-private-key")
REQUEST_MAX_SIZE = str(1024 * 1024)
TRUE = {"1", "true", "yes", "on"}


class ServerSettingsError(ValueError):
    """The requested server set-up is unsafe or incomplete; the message says what to set."""


def rasa_arguments(args: Sequence[str], env: Mapping[str, str]) -> List[str]:
    """The ``rasa run`` arguments for these command-line options and this environment."""
    for arg in args:
        if arg.split("=")[0] in REFUSED:
            raise ServerSettingsError(
                f"{arg.split('=')[0]} is set from the environment here: RASA_AUTH_TOKEN or RASA_JWT_SECRET "
                "for the HTTP API, HIPBOT_CORS_ORIGINS for CORS."
            )
    argv = ["run", *args]
    for option, value in DEFAULTS.items():
        if not any(a == option or a.startswith(option + "=") for a in args):
            argv += [option, value]
    token, jwt_secret = env.get("RASA_AUTH_TOKEN", ""), env.get("RASA_JWT_SECRET", "")
    if token or jwt_secret:
        argv.append("--enable-api")
        if token:
            if len(token) < 16:
                raise ServerSettingsError("RASA_AUTH_TOKEN is too short: use at least 16 random characters.")
            argv += ["--auth-token", token]
        if jwt_secret:
            argv += ["--jwt-secret", jwt_secret, "--jwt-method", env.get("RASA_JWT_METHOD") or "HS256"]
    elif env.get("HIPBOT_ENABLE_API", "").lower() in TRUE:
        raise ServerSettingsError("HIPBOT_ENABLE_API is on but neither RASA_AUTH_TOKEN nor RASA_JWT_SECRET is set; "
                                  "the HTTP API is never started without one.")
    try:
        origins = allowed_origins(env)
    except LimitSettingsError as error:
        raise ServerSettingsError(str(error)) from None
    if origins:
        argv += ["--cors", *origins]
    return argv


def server_environment(env: Mapping[str, str]) -> Dict[str, str]:
    """Variables the server process must have (added to, never overriding, the operator's)."""
    return {"RASA_TELEMETRY_ENABLED": "false",
            "SANIC_REQUEST_MAX_SIZE": env.get("SANIC_REQUEST_MAX_SIZE") or REQUEST_MAX_SIZE}
