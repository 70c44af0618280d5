"""Start the real action server and Rasa server (as `make run` does) on free ports
(bot/tools/servers.py, shared with the fault suite and `make evaluate-clinical`)."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from bot.tools.servers import Servers, running_bot
from tests.conftest import TEST_BUILD, rasa_env, record_metric
from tests.e2e.chat_apis import start_fake_chat_apis


@pytest.fixture(scope="session")
def chat_apis():
    """The fake Telegram and Slack APIs the server's channels talk to (see chat_apis.py)."""
    apis = start_fake_chat_apis()
    yield apis
    apis.close()


@contextmanager
def running_servers(model: Path, name: str = "", env: dict[str, str] | None = None, endpoints_extra: str = ""):
    """The action server and Rasa on free ports (files in build/test/<name>*), stopped on exit.
    ``env`` adds settings (e.g. HIPBOT_CLINIC); ``endpoints_extra`` adds to endpoints.yml (e.g. an
    event broker)."""
    with running_bot(model, TEST_BUILD, rasa_env(**(env or {})), name=name, endpoints_extra=endpoints_extra) as running:
        yield running


@pytest.fixture(scope="session")
def servers(trained_model, chat_apis) -> Servers:
    # Telegram and Slack on, talking to the local fake. A long reply deadline: these tests check
    # what the bot says, not the safe reply a turn gets when a busy machine makes it slow.
    with running_servers(trained_model, env={**chat_apis.env(), "HIPBOT_REPLY_DEADLINE_SECONDS": "120"}) as running:
        running.chat_apis = chat_apis
        record_metric("server_start_seconds", running.start_seconds)
        yield running
